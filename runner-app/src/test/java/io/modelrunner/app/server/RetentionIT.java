package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.app.bootstrap.RunnerServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runs.retention}: the watchdog deletes a run once it ended longer ago than that. */
class RetentionIT {
  @TempDir Path dir;

  @Test
  void anEndedRunIsDeletedAfterTheRetentionAndItsRequestMayBeDispatchedAgain() throws Exception {
    TestImages.build();
    Path catalog =
        Files.writeString(
            dir.resolve("models.json"),
            "{\"models\": {\"quick\": {\"image\": \"" + TestImages.OK + "\"}}}");
    try (CallbackSink sink = new CallbackSink();
        RunnerServer server =
            RunnerServer.start(
                ServiceIT.config(
                    dir,
                    catalog,
                    Map.of(
                        "runs.retention",
                        "PT2S",
                        "node.id",
                        "retention-it-" + ProcessHandle.current().pid())),
                System.getenv())) {
      Api api = new Api(server.baseUri(), server.apiToken());
      String request = Api.request("kept-2s", sink.url(), "quick", "x");
      Api.Answer a = api.post("/api/runs", request);
      assertThat(a.status()).as(a.text()).isEqualTo(202);
      String runId = a.json().path("runs").get(0).path("runId").asText();
      JsonNode run = api.awaitRun(runId, Api::ended, Duration.ofSeconds(60));
      assertThat(run.path("state").asText()).isEqualTo("COMPLETE");
      assertThat(api.post("/api/runs", request).status())
          .as("while the run is kept, the same request is a repeat")
          .isEqualTo(200);

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      int status = 200;
      while (status == 200 && System.nanoTime() < deadline) {
        Thread.sleep(200);
        status = api.get("/api/runs/" + runId).status();
      }

      assertThat(status).as("the run is gone after its retention").isEqualTo(404);
      assertThat(server.runs().queries().stages(runId)).isEmpty();
      Api.Answer again = api.post("/api/runs", request);
      assertThat(again.status()).as("a deleted run's request runs again").isEqualTo(202);
      String rerun = again.json().path("runs").get(0).path("runId").asText();
      assertThat(api.awaitRun(rerun, Api::ended, Duration.ofSeconds(60)).path("state").asText())
          .isEqualTo("COMPLETE");
    }
  }
}
