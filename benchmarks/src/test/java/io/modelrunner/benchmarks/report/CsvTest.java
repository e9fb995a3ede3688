package io.modelrunner.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

  @Test
  void rowsSurviveAWriteAndReadIncludingCommasAndQuotes(@TempDir Path dir) throws Exception {
    List<Measurement> rows =
        List.of(
            new Measurement(
                "export",
                "zip -r -6, \"quoted\"",
                "throughput",
                "MiB/s",
                Better.HIGHER,
                new Summary(123.456, 120, 125, 110.5, 130.25, 3),
                ">= 1.0x",
                "20261105-101500"),
            new Measurement(
                "adapter",
                "SDK c=8",
                "p99 status",
                "ms",
                Better.LOWER,
                Summary.single(0.000123),
                "",
                "20261105-101500"));
    Path file = dir.resolve("latest.csv");
    Csv.write(rows, file);
    assertThat(Csv.read(file)).isEqualTo(rows);
    assertThat(Files.readAllLines(file).get(0)).isEqualTo(String.join(",", Csv.HEADER));
  }

  @Test
  void anAbsentFileHasNoRows(@TempDir Path dir) throws Exception {
    assertThat(Csv.read(dir.resolve("missing.csv"))).isEmpty();
  }

  @Test
  void olderFilesWithoutTheOptionalColumnsStillRead() {
    String old =
        "suite,item,metric,unit,better,median,min,max,n\nschema,warm,time/op,ms,lower,5,4,6,3\n";
    Measurement m = Csv.parse(old).get(0);
    assertThat(m.summary()).isEqualTo(new Summary(5, 5, 5, 4, 6, 3));
    assertThat(m.target()).isEmpty();
    assertThat(m.run()).isEmpty();
  }

  @Test
  void aFileWithoutARequiredColumnIsRejected() {
    assertThatThrownBy(() -> Csv.parse("suite,item\na,b\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metric");
  }

  @Test
  void numbersArePlainDecimals() {
    assertThat(Csv.number(1234567.891)).isEqualTo("1234568");
    assertThat(Csv.number(0.000012345678)).isEqualTo("0.00001234568");
    assertThat(Csv.number(3.0)).isEqualTo("3");
    assertThat(Csv.number(Double.NaN)).isEqualTo("NaN");
  }

  @Test
  void quotedFieldsMayHoldLineBreaks() {
    List<List<String>> records = Csv.records("a,\"b\nc\",d\r\ne,f\n");
    assertThat(records).containsExactly(List.of("a", "b\nc", "d"), List.of("e", "f"));
  }
}
