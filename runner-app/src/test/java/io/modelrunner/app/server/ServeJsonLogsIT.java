package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.app.testing.ContractModels;
import io.modelrunner.app.testing.JsonLogLines;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code logging.format=json} in the configuration file of the real {@code model-runner serve}:
 * every line it writes — its own, Jersey's java.util.logging warnings, the lines of a dispatched
 * run (each naming the run, its model and request) — is one JSON object.
 */
class ServeJsonLogsIT {
  @TempDir Path dir;

  @Test
  void everyLineOfServeIsJsonAndARunsLinesNameIt() throws Exception {
    Path catalog = ContractModels.write(dir);
    Path config =
        Files.writeString(
            dir.resolve("serve.properties"),
            "engine=process\n"
                + "logging.format=json\n"
                + "auth.api-token=json-logs-token\n"
                + "data.dir="
                + dir.resolve("data")
                + "\nmodels.catalog="
                + catalog
                + "\n");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String output;
    String runId;
    try (ServeProcess serve = ServeProcess.start(config, port, Map.of())) {
      Api api = new Api(serve.baseUri(), "json-logs-token");
      Api.Answer dispatched =
          api.post(
              "/api/runs",
              ContractModels.request(
                  "serve-json", ContractModels.TALLY_CONFIGURATION, "tally", "x"));
      assertThat(dispatched.status()).as(dispatched.text()).isEqualTo(202);
      runId = dispatched.json().path("runs").get(0).path("runId").asText();
      JsonNode run = api.awaitRun(runId, Api::ended, Duration.ofSeconds(60));
      assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("COMPLETE");
      serve.terminate(Duration.ofSeconds(60));
      output = serve.output();
    }
    List<JsonNode> lines = JsonLogLines.parse(output);
    List<JsonNode> ofTheRun =
        lines.stream().filter(l -> l.path("runId").asText().equals(runId)).toList();
    assertThat(ofTheRun).as(output).anyMatch(l -> l.path("message").asText().contains("ended"));
    for (JsonNode line : ofTheRun) {
      assertThat(line.path("model").asText()).as(line.toString()).isEqualTo("tally");
      assertThat(line.path("requestId").asText()).as(line.toString()).isEqualTo("serve-json");
    }
    assertThat(lines)
        .as("java.util.logging lines (Jersey's) come through SLF4J")
        .anyMatch(l -> l.path("logger").asText().startsWith("org.glassfish.jersey."));
    assertThat(lines).anyMatch(l -> l.path("message").asText().contains("listening on"));
  }
}
