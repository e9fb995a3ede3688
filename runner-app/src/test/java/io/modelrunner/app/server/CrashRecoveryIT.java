package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.core.engine.docker.DockerEngine;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 of a real {@code serve} process in the middle of runs, then a restart on the same data
 * folder: a run whose container still runs is reattached and completes; a run whose container was
 * removed while the service was down fails with a platform-error reason; a queued run resumes; an
 * orphan container with the node's label is removed. Every run gets its final callback.
 */
class CrashRecoveryIT {
  @TempDir static Path dir;
  static CallbackSink sink;

  @BeforeAll
  static void setUp() throws Exception {
    TestImages.build();
    sink = new CallbackSink();
  }

  @AfterAll
  static void tearDown() {
    if (sink != null) {
      sink.close();
    }
  }

  @Test
  void aKilledServiceFinishesOrFailsEveryRunItOwnedAfterARestart() throws Exception {
    String node = "crash-it-" + ProcessHandle.current().pid();
    Path catalog =
        Files.writeString(
            dir.resolve("models.json"),
            """
            {"models": {
              "survivor": {"image": "%s", "environment": {"SLEEP": "6"}},
              "victim": {"image": "%s", "environment": {"SLEEP": "300"}},
              "waiting": {"image": "%s"}
            }}
            """
                .formatted(TestImages.SLOW, TestImages.SLOW, TestImages.OK));
    Path config =
        Files.writeString(
            dir.resolve("service.properties"),
            String.join(
                "\n",
                "data.dir=" + dir.resolve("data"),
                "engine=docker",
                "models.catalog=" + catalog,
                "node.id=" + node,
                "auth.api-token=crash-test-token",
                "callbacks.allowed-hosts=127.0.0.1:*",
                "runs.max-concurrent=2",
                "watchdog.interval=PT0.2S",
                ""));
    int port = freePort();
    String survivor;
    String victim;
    String waiting;
    String orphan;
    try (ServeProcess first = ServeProcess.start(config, port, Map.of())) {
      Api api = new Api(first.baseUri(), "crash-test-token");
      survivor = dispatch(api, "crash-survivor", "survivor");
      victim = dispatch(api, "crash-victim", "victim");
      waiting = dispatch(api, "crash-waiting", "waiting");
      api.awaitRun(survivor, r -> !r.path("executionId").isNull(), Duration.ofSeconds(60));
      api.awaitRun(victim, r -> !r.path("executionId").isNull(), Duration.ofSeconds(60));
      assertThat(api.get("/api/runs/" + waiting).json().path("state").asText()).isEqualTo("QUEUED");
      assertThat(TestImages.containersLabelled(DockerEngine.RUN_ID_LABEL, victim))
          .as("victim container before the kill; service log:%n%s", first.output())
          .hasSize(1);

      first.kill();
    }
    // While the service is down: the victim's container disappears, and a stray container with
    // this node's label (no run of ours) appears.
    List<String> victimContainers =
        TestImages.containersLabelled(DockerEngine.RUN_ID_LABEL, victim);
    assertThat(victimContainers).hasSize(1);
    assertThat(TestImages.exec(List.of("docker", "rm", "-f", victimContainers.get(0)))).isZero();
    orphan = "orphan-" + ProcessHandle.current().pid();
    assertThat(
            TestImages.exec(
                List.of(
                    "docker",
                    "run",
                    "-d",
                    "--label",
                    DockerEngine.RUNNER_LABEL + "=" + node,
                    "--label",
                    DockerEngine.RUN_ID_LABEL + "=" + orphan,
                    TestImages.BASE,
                    "sleep",
                    "300")))
        .isZero();
    assertThat(TestImages.containersLabelled(DockerEngine.RUN_ID_LABEL, survivor)).hasSize(1);

    try (ServeProcess second = ServeProcess.start(config, port, Map.of())) {
      Api api = new Api(second.baseUri(), "crash-test-token");
      JsonNode reattached = api.awaitRun(survivor, Api::ended, Duration.ofSeconds(90));
      assertThat(reattached.path("state").asText()).as(reattached.toString()).isEqualTo("COMPLETE");
      JsonNode lost = api.awaitRun(victim, Api::ended, Duration.ofSeconds(60));
      assertThat(lost.path("state").asText()).isEqualTo("FAILED");
      assertThat(lost.path("reason").path("kind").asText()).isEqualTo("platform-error");
      assertThat(lost.path("reason").path("message").asText())
          .as("%s%nservice log:%n%s", lost, second.output())
          .contains("gone");
      JsonNode resumed = api.awaitRun(waiting, Api::ended, Duration.ofSeconds(60));
      assertThat(resumed.path("state").asText()).isEqualTo("COMPLETE");
      assertThat(TestImages.containersLabelled(DockerEngine.RUN_ID_LABEL, orphan)).isEmpty();

      Api.Answer log = api.get("/api/runs/" + survivor + "/log?tail=1000");
      assertThat(log.text()).contains("runner restarted");
      assertThat(second.output())
          .as("no secret in the service log")
          .doesNotContain("crash-test-token");
    }
    assertThat(sink.await(CallbackSink.finalOf("survivor"), 1, Duration.ofSeconds(10)))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo("complete"));
    assertThat(sink.await(CallbackSink.finalOf("victim"), 1, Duration.ofSeconds(10)))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.body().path("reason").path("kind").asText())
                    .isEqualTo("platform-error"));
    assertThat(sink.await(CallbackSink.finalOf("waiting"), 1, Duration.ofSeconds(10)))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo("complete"));
    for (String run : List.of(survivor, victim, waiting)) {
      assertThat(TestImages.containersLabelled(DockerEngine.RUN_ID_LABEL, run)).isEmpty();
    }
  }

  @Test
  void sigtermLetsARunningModelFinishWithinTheGraceThenExits() throws Exception {
    Path data = dir.resolve("graceful");
    Path catalog =
        Files.writeString(
            dir.resolve("graceful-models.json"),
            "{\"models\": {\"finisher\": {\"image\": \""
                + TestImages.SLOW
                + "\", \"environment\": {\"SLEEP\": \"3\"}}}}");
    Path config =
        Files.writeString(
            dir.resolve("graceful.properties"),
            String.join(
                "\n",
                "data.dir=" + data,
                "engine=docker",
                "models.catalog=" + catalog,
                "node.id=graceful-it-" + ProcessHandle.current().pid(),
                "auth.api-token=graceful-token",
                "callbacks.allowed-hosts=127.0.0.1:*",
                "shutdown.grace=PT60S",
                ""));
    try (ServeProcess serve = ServeProcess.start(config, freePort(), Map.of())) {
      Api api = new Api(serve.baseUri(), "graceful-token");
      String run = dispatch(api, "graceful-1", "finisher");
      api.awaitRun(run, r -> !r.path("executionId").isNull(), Duration.ofSeconds(60));

      assertThat(serve.terminate(Duration.ofSeconds(60))).as("exit on SIGTERM").isIn(0, 143);
      assertThat(sink.await(CallbackSink.finalOf("finisher"), 1, Duration.ofSeconds(5)))
          .singleElement()
          .satisfies(r -> assertThat(r.status()).isEqualTo("complete"));
      assertThat(serve.output()).contains("model-runner node", "stopped");
    }
  }

  @Test
  void aProcessRunStillGoingAfterTheGraceIsLeftToTheNextStartNotCancelled() throws Exception {
    Path data = dir.resolve("past-grace");
    Path script = ProcessModels.script(Files.createDirectories(dir.resolve("past-grace-bin")));
    Path catalog =
        Files.writeString(
            dir.resolve("past-grace-models.json"),
            "{\"models\": {\"lingerer\": "
                + ProcessModels.entry(script, "\"SLEEP_TENTHS\": \"600\"", "")
                + "}}");
    Path config =
        Files.writeString(
            dir.resolve("past-grace.properties"),
            String.join(
                "\n",
                "data.dir=" + data,
                "engine=process",
                "models.catalog=" + catalog,
                "node.id=past-grace-it-" + ProcessHandle.current().pid(),
                "auth.api-token=past-grace-token",
                "callbacks.allowed-hosts=127.0.0.1:*",
                "shutdown.grace=PT1S",
                ""));
    int port = freePort();
    String run;
    try (ServeProcess serve = ServeProcess.start(config, port, Map.of())) {
      Api api = new Api(serve.baseUri(), "past-grace-token");
      run = dispatch(api, "past-grace-1", "lingerer");
      api.awaitRun(run, r -> !r.path("executionId").isNull(), Duration.ofSeconds(60));
      assertThat(serve.terminate(Duration.ofSeconds(60))).as("exit on SIGTERM").isIn(0, 143);
      assertThat(serve.output()).contains("left as they are, to be resumed by the next start");
    }
    assertThat(sink.all())
        .as("no final callback before the next start: the run was left, not ended")
        .noneMatch(r -> r.requestId().equals("past-grace-1") && r.isFinal());

    try (ServeProcess again = ServeProcess.start(config, port, Map.of())) {
      Api api = new Api(again.baseUri(), "past-grace-token");
      JsonNode ended = api.awaitRun(run, Api::ended, Duration.ofSeconds(60));
      assertThat(ended.path("state").asText()).isEqualTo("FAILED");
      assertThat(ended.path("reason").path("kind").asText())
          .as("a process cannot be reattached: a platform error, not a cancel: %s", ended)
          .isEqualTo("platform-error");
    }
    assertThat(
            sink.await(
                r -> r.requestId().equals("past-grace-1") && r.isFinal(),
                1,
                Duration.ofSeconds(30)))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.body().path("reason").path("kind").asText())
                    .isEqualTo("platform-error"));
  }

  private static String dispatch(Api api, String id, String slug) throws Exception {
    Api.Answer a = api.post("/api/runs", Api.request(id, sink.url(), slug, "ignored"));
    assertThat(a.status()).as(a.text()).isEqualTo(202);
    return a.json().path("runs").get(0).path("runId").asText();
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
