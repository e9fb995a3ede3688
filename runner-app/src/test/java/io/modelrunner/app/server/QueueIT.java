package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.app.bootstrap.RunnerServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One execution slot, a small queue and short queue/start-callback deadlines: cancel while queued,
 * 429 when the queue is full, and the watchdog's timeouts. (A request whose runs wait their turn
 * behind each other is {@link MixedEnginesRequestIT}: with this class's 4-second queue deadline its
 * last run would expire whenever the machine is slow.)
 */
class QueueIT {
  @TempDir static Path dir;
  static CallbackSink sink;
  static RunnerServer server;
  static Api api;

  @BeforeAll
  static void start() throws Exception {
    TestImages.build();
    sink = new CallbackSink();
    Path catalog =
        Files.writeString(
            dir.resolve("models.json"),
            """
            {"models": {
              "quick": {"image": "%s"},
              "blocker": {"image": "%s", "environment": {"SLEEP": "300"}}
            }}
            """
                .formatted(TestImages.OK, TestImages.SLOW));
    server =
        RunnerServer.start(
            ServiceIT.config(
                dir,
                catalog,
                Map.of(
                    "runs.max-concurrent", "1",
                    "runs.queue-limit", "3",
                    "deadlines.queued", "PT4S",
                    "deadlines.start-callback", "PT1S",
                    "callbacks.timeout", "PT20S",
                    "callbacks.attempts", "1",
                    "node.id", "queue-it-" + ProcessHandle.current().pid())),
            System.getenv());
    api = new Api(server.baseUri(), server.apiToken());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (sink != null) {
      sink.close();
    }
  }

  @Test
  void queuedRunsCanBeCancelledTimeOutAndAreBoundedWhileTheSlotIsTaken() throws Exception {
    String blocker = dispatch("q-blocker", "blocker", TestImages.SLOW);
    api.awaitRun(blocker, r -> !r.path("executionId").isNull(), Duration.ofSeconds(60));

    String cancelled = dispatch("q-cancelled", "quick", TestImages.OK);
    String expiring = dispatch("q-expiring", "quick", TestImages.OK);
    assertThat(api.get("/api/runs/" + cancelled).json().path("state").asText()).isEqualTo("QUEUED");

    Api.Answer cancel = api.post("/api/runs/" + cancelled + "/cancel", "");
    assertThat(cancel.status()).isEqualTo(202);
    assertThat(cancel.json().path("outcome").asText()).isEqualTo("CANCELLED_WHILE_QUEUED");
    JsonNode run = api.awaitRun(cancelled, Api::ended, Duration.ofSeconds(10));
    assertThat(run.path("reason").path("kind").asText()).isEqualTo("cancelled");
    assertThat(run.path("identity").isNull()).as("never prepared").isTrue();
    assertThat(ServiceIT.stages(run)).doesNotContain("prepare", "execute");
    CallbackSink.Received last =
        sink.await(r -> r.path().endsWith("/q-cancelled"), 1, Duration.ofSeconds(10)).get(0);
    assertThat(last.status()).isEqualTo("failed");
    assertThat(sink.all().stream().filter(r -> r.path().endsWith("/q-cancelled"))).hasSize(1);

    // the queue holds "expiring" (1 of 3): two more fit, a request for three more does not
    Api.Answer full =
        api.post(
            "/api/runs",
            Api.request(
                "q-full",
                sink.url(),
                "quick",
                TestImages.OK,
                "a",
                TestImages.OK,
                "b",
                TestImages.OK));
    assertThat(full.status()).isEqualTo(429);
    assertThat(full.header("Retry-After")).isNotBlank();

    JsonNode expired = api.awaitRun(expiring, Api::ended, Duration.ofSeconds(20));
    assertThat(expired.path("reason").path("kind").asText()).isEqualTo("timeout");
    assertThat(expired.path("reason").path("message").asText()).contains("queue");

    assertThat(api.post("/api/runs/" + blocker + "/cancel", "").status()).isEqualTo(202);
    api.awaitRun(blocker, Api::ended, Duration.ofSeconds(30));
  }

  @Test
  void aStartCallbackPastItsDeadlineEndsTheRunWithATimeoutAndStillCallsBack() throws Exception {
    sink.startDelay = Duration.ofSeconds(5);
    try {
      String run = dispatch("q-stuck-callback", "quick", TestImages.OK);
      JsonNode ended = api.awaitRun(run, Api::ended, Duration.ofSeconds(60));
      assertThat(ended.path("reason").path("kind").asText()).isEqualTo("timeout");
      assertThat(ended.path("reason").path("message").asText()).contains("start-callback");
      assertThat(ServiceIT.stages(ended)).doesNotContain("execute");
      sink.await(
          r -> r.path().endsWith("/q-stuck-callback") && r.status().equals("failed"),
          1,
          Duration.ofSeconds(30));
    } finally {
      sink.startDelay = Duration.ZERO;
    }
  }

  private static String dispatch(String id, String slug, String image) throws Exception {
    Api.Answer a = api.post("/api/runs", Api.request(id, sink.url(), slug, image));
    assertThat(a.status()).as(a.text()).isEqualTo(202);
    return a.json().path("runs").get(0).path("runId").asText();
  }
}
