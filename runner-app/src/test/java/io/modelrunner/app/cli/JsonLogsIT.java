package io.modelrunner.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.app.testing.ContractModels;
import io.modelrunner.app.testing.JsonLogLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code MODEL_RUNNER_LOGGING_FORMAT=json} on the real {@code model-runner.jar}: every stderr line
 * of a {@code run} is one JSON object with the documented fields, every line logged for the run
 * (the pipeline's, the engine's, the progress lines) names its run id, model and request id, and a
 * failure's stack trace is a field of its line.
 */
class JsonLogsIT {
  private static final Map<String, String> JSON = Map.of("MODEL_RUNNER_LOGGING_FORMAT", "json");

  @TempDir Path dir;
  private Path catalog;

  @BeforeEach
  void write() throws Exception {
    catalog = ContractModels.write(dir);
  }

  @Test
  void everyStderrLineOfARunIsJsonAndTheRunsLinesNameIt() throws Exception {
    Path request =
        Files.writeString(
            dir.resolve("good.json"),
            ContractModels.request(
                "json-logs-ok", ContractModels.TALLY_CONFIGURATION, "tally", "x"));
    JarProcess.Result result = run(request, dir.resolve("work"));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    List<JsonNode> lines = JsonLogLines.parse(result.stderr());
    List<JsonNode> ofTheRun =
        lines.stream().filter(line -> line.path("runId").asText().startsWith("mr-")).toList();
    assertThat(ofTheRun).as(result.stderr()).isNotEmpty();
    for (JsonNode line : ofTheRun) {
      assertThat(line.path("model").asText()).as(line.toString()).isEqualTo("tally");
      assertThat(line.path("requestId").asText()).as(line.toString()).isEqualTo("json-logs-ok");
    }
    // the progress lines the command prints for its user are among them
    assertThat(ofTheRun).anyMatch(l -> l.path("message").asText().startsWith("[tally] execute"));
    assertThat(ofTheRun).anyMatch(l -> l.path("message").asText().startsWith("[tally] complete"));
    // and nothing of the pipeline or the engine is logged outside the run's context
    assertThat(lines)
        .filteredOn(l -> l.path("logger").asText().startsWith("io.modelrunner.core."))
        .allMatch(l -> l.has("runId"), "lines of the pipeline and the engine name the run");
    assertThat(result.stdout()).contains("tally: complete");
  }

  @Test
  void aFailuresStackTraceIsAFieldOfItsLine() throws Exception {
    Path request =
        Files.writeString(
            dir.resolve("fails.json"),
            ContractModels.request(
                "json-logs-fail", ContractModels.TALLY_CONFIGURATION, "tally", "x"));
    // the work folder is a file: making the workspace throws, which the pipeline logs with its
    // trace
    Path notAFolder = Files.writeString(dir.resolve("work-is-a-file"), "x");
    JarProcess.Result result = run(request, notAFolder);
    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
    List<JsonNode> traced =
        JsonLogLines.parse(result.stderr()).stream().filter(l -> l.has("stackTrace")).toList();
    assertThat(traced).as(result.stderr()).isNotEmpty();
    JsonNode line = traced.get(0);
    assertThat(line.path("level").asText()).isEqualTo("ERROR");
    assertThat(line.path("message").asText()).contains("failed in stage workspace");
    assertThat(line.path("stackTrace").asText())
        .contains("FileAlreadyExistsException", "\tat ", "WorkspaceStep");
    assertThat(line.path("runId").asText()).startsWith("mr-");
    assertThat(line.path("model").asText()).isEqualTo("tally");
    assertThat(line.path("requestId").asText()).isEqualTo("json-logs-fail");
  }

  @Test
  void aFormatThatIsNeitherPlainNorJsonIsAUsageError() throws Exception {
    JarProcess.Result result =
        JarProcess.run(Map.of("MODEL_RUNNER_LOGGING_FORMAT", "xml"), "validate", "--help");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("MODEL_RUNNER_LOGGING_FORMAT", "plain or json", "'xml'");
  }

  @Test
  void plainStaysTheDefault() throws Exception {
    Path request =
        Files.writeString(
            dir.resolve("plain.json"),
            ContractModels.request("plain-logs", ContractModels.TALLY_CONFIGURATION, "tally", "x"));
    JarProcess.Result result =
        JarProcess.run(
            "run",
            request.toString(),
            "--engine",
            "process",
            "--models",
            catalog.toString(),
            "--store",
            dir.resolve("store").toString(),
            "--work-dir",
            dir.resolve("work").toString());
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stderr()).contains("[tally] complete").doesNotContain("{\"timestamp\"");
  }

  private JarProcess.Result run(Path request, Path workDir) throws Exception {
    return JarProcess.run(
        JSON,
        "run",
        request.toString(),
        "--engine",
        "process",
        "--models",
        catalog.toString(),
        "--store",
        dir.resolve("store").toString(),
        "--work-dir",
        workDir.toString());
  }
}
