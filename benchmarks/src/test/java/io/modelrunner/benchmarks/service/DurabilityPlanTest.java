package io.modelrunner.benchmarks.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.benchmarks.service.DurabilityPlan.Slot;
import io.modelrunner.benchmarks.service.DurabilityPlan.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durability suite's options, order, per-version configuration and statistics; no timing. */
class DurabilityPlanTest {
  @TempDir Path dir;

  @Test
  void variantsAreReadInTheGivenOrder() {
    assertThat(DurabilityPlan.variants(DurabilityPlan.DEFAULT_VARIANTS))
        .containsExactly(Variant.BEFORE, Variant.AFTER_H2, Variant.AFTER, Variant.AFTER_PG);
    assertThat(DurabilityPlan.variants(" after , before "))
        .containsExactly(Variant.AFTER, Variant.BEFORE);
  }

  @Test
  void unknownRepeatedOrNoVariantsAreRefusedByName() {
    assertThatThrownBy(() -> DurabilityPlan.variants("before,sqlite"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown variant 'sqlite'")
        .hasMessageContaining("after-h2");
    assertThatThrownBy(() -> DurabilityPlan.variants("after,after"))
        .hasMessageContaining("'after' given twice");
    assertThatThrownBy(() -> DurabilityPlan.variants(" , ")).hasMessageContaining("no variant");
  }

  @Test
  void theScheduleInterleavesEveryVariantRoundByRound() {
    List<Slot> s = DurabilityPlan.schedule(2, List.of(Variant.BEFORE, Variant.AFTER));
    assertThat(s)
        .containsExactly(
            new Slot(0, Variant.BEFORE),
            new Slot(0, Variant.AFTER),
            new Slot(1, Variant.BEFORE),
            new Slot(1, Variant.AFTER));
    assertThatThrownBy(() -> DurabilityPlan.schedule(0, List.of(Variant.AFTER)))
        .hasMessageContaining("at least 1");
  }

  @Test
  void aMissingBaselineJarFailsWithWhatToDo() {
    List<Variant> all = DurabilityPlan.variants(DurabilityPlan.DEFAULT_VARIANTS);
    assertThatThrownBy(() -> DurabilityPlan.baselineJar(Map.of(), all))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--baseline-ref 04dd0d1")
        .hasMessageContaining("--baseline-jar PATH");
    assertThatThrownBy(
            () ->
                DurabilityPlan.baselineJar(
                    Map.of("baseline-jar", dir.resolve("absent.jar").toString()), all))
        .hasMessageContaining("absent.jar: no such file");
  }

  @Test
  void theBaselineJarIsNeededOnlyWhenAVariantRunsIt() throws Exception {
    assertThat(DurabilityPlan.baselineJar(Map.of(), List.of(Variant.AFTER, Variant.AFTER_H2)))
        .isNull();
    Path jar = Files.writeString(dir.resolve("old.jar"), "jar");
    assertThat(
            DurabilityPlan.baselineJar(
                Map.of("baseline-jar", jar.toString()), List.of(Variant.BEFORE_PG)))
        .isEqualTo(jar.toAbsolutePath());
  }

  @Test
  void eachVersionGetsOnlyKeysItKnows() {
    Path catalog = dir.resolve("models.json");
    Map<String, String> before =
        DurabilityPlan.config(Variant.BEFORE, dir, catalog, 8, 500, null, "u", "p");
    assertThat(before)
        .containsEntry("callbacks.allowed-hosts", "127.0.0.1") // a bare host: the old syntax
        .containsEntry("engine", "process")
        .containsEntry("runs.max-concurrent", "8")
        .containsEntry("runs.queue-limit", "500")
        .doesNotContainKey("database.url"); // its default: embedded H2
    Map<String, String> after =
        DurabilityPlan.config(Variant.AFTER, dir, catalog, 8, 500, null, "u", "p");
    assertThat(after)
        .containsEntry("callbacks.allowed-hosts", "127.0.0.1:*")
        .doesNotContainKey("database.url"); // its default: embedded SQLite
    assertThat(after.keySet()).isEqualTo(before.keySet());
    assertThat(DurabilityPlan.config(Variant.AFTER_H2, dir, catalog, 8, 500, null, "u", "p"))
        .containsEntry(
            "database.url",
            "jdbc:h2:file:"
                + dir.resolve("h2/model-runner").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE")
        .containsEntry("database.user", "sa");
    assertThat(
            DurabilityPlan.config(
                Variant.BEFORE_PG, dir, catalog, 8, 500, "jdbc:postgresql://h/db", "u", "p"))
        .containsEntry("callbacks.allowed-hosts", "127.0.0.1")
        .containsEntry("database.url", "jdbc:postgresql://h/db")
        .containsEntry("database.user", "u")
        .containsEntry("database.password", "p");
  }

  @Test
  void percentilesAreNearestRankInMilliseconds() {
    long[] nanos = new long[100];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = (100 - i) * 1_000_000L; // 100 ms … 1 ms, unsorted
    }
    DurabilityPlan.Percentiles p = DurabilityPlan.percentiles(nanos);
    assertThat(p.p50Ms()).isEqualTo(50.0);
    assertThat(p.p99Ms()).isEqualTo(99.0);
    assertThat(nanos[0]).isEqualTo(100_000_000L); // the input is not reordered
    assertThat(DurabilityPlan.rate(300, 2_000_000_000L)).isEqualTo(150.0);
    assertThat(DurabilityPlan.rate(300, 0)).isNaN();
  }

  @Test
  void databaseFilesAreTheEmbeddedEnginesFilesOnly() throws Exception {
    for (String name :
        List.of("model-runner.db", "model-runner.db-wal", "model-runner.db-shm", "x.mv.db")) {
      assertThat(DurabilityPlan.isDatabaseFile(name)).as(name).isTrue();
    }
    assertThat(DurabilityPlan.isDatabaseFile("data.json")).isFalse();
    assertThat(DurabilityPlan.isDatabaseFile("node-id")).isFalse();
    Path data = Files.createDirectories(dir.resolve("n/data"));
    Files.write(data.resolve("model-runner.db"), new byte[1000]);
    Files.write(data.resolve("model-runner.db-wal"), new byte[300]);
    Files.write(data.resolve("api-token"), new byte[50]);
    assertThat(DurabilitySuite.databaseBytes(dir.resolve("n"))).containsExactly(1300, 300);
  }

  @Test
  void theModelWritesAnOutputTheSchemaAccepts() throws Exception {
    Path catalog = DurabilitySuite.writeCatalog(dir.resolve("catalog"));
    assertThat(Files.readString(catalog)).contains("\"command\": [\"/").contains("model.sh");
    Path in = Files.createDirectories(dir.resolve("in"));
    Path out = Files.createDirectories(dir.resolve("out"));
    var mapper = JsonMappers.standard();
    // what the runner writes as the model's input: the request's configuration
    var configuration =
        mapper
            .readTree(RunsApi.requestJson("r", "ok", DurabilitySuite.IMAGE, null))
            .path("configuration");
    Files.writeString(in.resolve("inputFile.json"), mapper.writeValueAsString(configuration));
    ProcessBuilder pb = new ProcessBuilder(dir.resolve("catalog/model.sh").toString());
    pb.environment().put("MODEL_INPUT_DIR", in.toString());
    pb.environment().put("MODEL_OUTPUT_DIR", out.toString());
    Process model = pb.redirectErrorStream(true).start();
    assertThat(model.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(model.exitValue()).as(new String(model.getInputStream().readAllBytes())).isZero();
    var output = mapper.readTree(out.resolve("data.json").toFile());
    assertThat(output.path("metadata").path("region").asText()).isEqualTo("US");
    assertThat(new SchemaValidator(mapper).schema(SchemaName.OUTPUT).validate(output)).isEmpty();
  }
}
