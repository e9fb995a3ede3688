package io.modelrunner.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

  private static Measurement m(String suite, String item, Better better, double... values) {
    return Measurement.of(suite, item, "throughput", "MiB/s", better, Stats.summarize(values), "");
  }

  private static ReportWriter.Run run(
      String id, List<Measurement> adapter, List<Measurement> export) {
    List<ReportWriter.SuiteOutcome> outcomes =
        new java.util.ArrayList<>(
            List.of(
                new ReportWriter.SuiteOutcome(
                    "adapter", "Part 3", new SuiteResult(adapter, "adapter notes"), null)));
    if (export != null) {
      outcomes.add(
          new ReportWriter.SuiteOutcome(
              "export", "Part 4", new SuiteResult(export, "export notes"), null));
    }
    return new ReportWriter.Run(
        id,
        Instant.parse("2026-11-05T10:15:00Z"),
        Duration.ofSeconds(42),
        "java -jar benchmarks.jar report",
        false,
        Map.of("CPU", "test"),
        outcomes,
        List.of(new ReportWriter.Pending("Part 1", "pending (needs the runner service)")));
  }

  @Test
  void aDropBeyondNoiseWithDisjointRangesIsMarkedWorse() {
    Measurement old = m("a", "x", Better.HIGHER, 100, 98, 102);
    assertThat(ReportWriter.change(m("a", "x", Better.HIGHER, 70, 72, 71), old))
        .isEqualTo("-29% **worse**");
    assertThat(ReportWriter.change(m("a", "x", Better.LOWER, 70, 72, 71), old))
        .isEqualTo("-29% **better**");
  }

  @Test
  void changesWithinNoiseOrOverlappingSpreadsAreNotJudged() {
    Measurement old = m("a", "x", Better.HIGHER, 100, 50, 150);
    assertThat(ReportWriter.change(m("a", "x", Better.HIGHER, 80, 75, 85), old))
        .isEqualTo("-20% (within spread)");
    assertThat(ReportWriter.change(m("a", "x", Better.HIGHER, 95, 94, 96), old)).isEqualTo("-5%");
    assertThat(ReportWriter.change(m("a", "x", Better.NEITHER, 10, 10, 10), old)).isEqualTo("-90%");
    assertThat(ReportWriter.change(m("a", "x", Better.HIGHER, 1), null)).isEqualTo("new");
  }

  @Test
  void theReportShowsThePreviousNumbersBesideTheNewAndReplacesLatest(@TempDir Path dir)
      throws Exception {
    ReportWriter.write(
        dir,
        run(
            "20261104-090000",
            List.of(m("adapter", "SDK c=1", Better.HIGHER, 1000, 990, 1010)),
            List.of(m("export", "zip", Better.HIGHER, 50, 49, 51))));

    // A second run of the adapter suite only.
    ReportWriter.Written w =
        ReportWriter.write(
            dir,
            run(
                "20261105-101500",
                List.of(m("adapter", "SDK c=1", Better.HIGHER, 500, 490, 510)),
                null));

    String md = Files.readString(w.markdown());
    assertThat(md)
        .contains("# Benchmark report 20261105-101500")
        .contains("run 20261104-090000")
        .contains("| SDK c=1 | throughput | 500 MiB/s | 490–510 (3) | 1 000 | -50% **worse** |")
        .contains("adapter notes")
        .contains("Part 1**: pending (needs the runner service)");
    assertThat(Files.readString(w.latestMarkdown())).isEqualTo(md);
    assertThat(w.csv()).exists();

    // latest.csv: the new adapter rows, and the export rows of the previous run kept.
    List<Measurement> latest = Csv.read(w.latestCsv());
    assertThat(latest)
        .extracting(Measurement::suite, Measurement::run, x -> x.summary().median())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("adapter", "20261105-101500", 500.0),
            org.assertj.core.groups.Tuple.tuple("export", "20261104-090000", 50.0));
    assertThat(Csv.read(w.csv())).hasSize(1);
  }

  @Test
  void aFailedSuiteIsReportedWithItsReason() {
    ReportWriter.Run r =
        new ReportWriter.Run(
            "20261105-101500",
            Instant.parse("2026-11-05T10:15:00Z"),
            Duration.ZERO,
            "cmd",
            true,
            Map.of(),
            List.of(new ReportWriter.SuiteOutcome("export", "Part 4", null, "zip exited 12")),
            List.of());
    assertThat(ReportWriter.markdown(r, List.of()))
        .contains("**Failed:** zip exited 12")
        .contains("quick");
    assertThat(ReportWriter.suitesMeasured(r)).isEqualTo(Set.of());
  }

  @Test
  void numbersAreShownWithAboutThreeSignificantDigits() {
    assertThat(ReportWriter.format(12345.6)).isEqualTo("12 346");
    assertThat(ReportWriter.format(123.4)).isEqualTo("123");
    assertThat(ReportWriter.format(12.34)).isEqualTo("12.3");
    assertThat(ReportWriter.format(1.234)).isEqualTo("1.23");
    assertThat(ReportWriter.format(0.01234)).isEqualTo("0.0123");
    assertThat(ReportWriter.format(0)).isEqualTo("0");
  }
}
