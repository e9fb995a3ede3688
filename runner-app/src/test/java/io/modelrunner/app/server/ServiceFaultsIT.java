package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.app.bootstrap.RunnerServer;
import io.modelrunner.app.config.ServiceConfig;
import io.modelrunner.app.db.DatabaseConfig;
import io.modelrunner.app.testing.TestDatabases;
import io.modelrunner.store.s3.S3ProxyServer;
import io.modelrunner.testkit.junit.Requirement;
import io.modelrunner.testkit.junit.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults around a running service: its PostgreSQL server restarts, its Docker daemon restarts, its
 * object store goes away — each while runs are in flight. Every run ends in the right final state
 * with a precise reason, and the service keeps serving.
 *
 * <p>Restarting a server is disruptive, so the commands come from the environment ({@code
 * MODEL_RUNNER_POSTGRES_RESTART}, {@code MODEL_RUNNER_DOCKER_RESTART}; {@code .ci/run} sets them);
 * without them those tests are skipped, or fail where {@link Requirements} says servers are
 * required (CI).
 */
class ServiceFaultsIT {
  @TempDir Path dir;

  @Test
  void aPostgresRestartWhileRunsExecuteDelaysThemAndEveryRunCompletes() throws Exception {
    String restart = restartCommand("MODEL_RUNNER_POSTGRES_RESTART");
    DatabaseConfig db = TestDatabases.freshPostgres();
    Path script = ProcessModels.script(dir);
    Path catalog =
        Files.writeString(
            dir.resolve("models.json"),
            "{\"models\": {\"slow\": "
                + ProcessModels.entry(script, "\"SLEEP_TENTHS\": \"30\"", "")
                + "}}");
    Map<String, String> settings = base(catalog, "pg-fault");
    settings.put("database.url", db.url());
    settings.put("database.user", db.user());
    settings.put("database.password", db.password());
    settings.put("runs.max-concurrent", "3");
    try (CallbackSink sink = new CallbackSink()) {
      RunnerServer server =
          RunnerServer.start(ServiceConfig.load(null, Map.of(), settings), System.getenv());
      try {
        Api api = new Api(server.baseUri(), server.apiToken());
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          runs.add(dispatch(api, "pg-" + i, sink.url(), "slow"));
        }
        for (String run : runs) {
          api.awaitRun(run, r -> !r.path("executionId").isNull(), Duration.ofMinutes(1));
        }
        CompletableFuture<Api.Answer> duringRestart = new CompletableFuture<>();
        Thread restarter =
            new Thread(
                () -> {
                  try {
                    assertThat(shell(restart)).isZero();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        restarter.start();
        CompletableFuture.runAsync(
            () -> {
              try {
                duringRestart.complete(
                    api.post("/api/runs", Api.request("pg-during", sink.url(), "slow", "x")));
              } catch (Exception e) {
                duringRestart.completeExceptionally(e);
              }
            });
        restarter.join();
        for (String run : runs) {
          JsonNode ended = api.awaitRun(run, Api::ended, Duration.ofMinutes(2));
          assertThat(ended.path("state").asText()).as(ended.toString()).isEqualTo("COMPLETE");
        }
        Api.Answer during = duringRestart.get();
        assertThat(during.status()).as(during.text()).isEqualTo(202);
        String late = during.json().path("runs").get(0).path("runId").asText();
        assertThat(api.awaitRun(late, Api::ended, Duration.ofMinutes(2)).path("state").asText())
            .isEqualTo("COMPLETE");
        for (int i = 0; i < 3; i++) {
          String id = "pg-" + i;
          assertThat(
                  sink.await(
                      r -> r.requestId().equals(id) && r.isFinal(), 1, Duration.ofMinutes(1)))
              .extracting(CallbackSink.Received::status)
              .containsOnly("complete");
        }
      } finally {
        server.close();
      }
    } finally {
      TestDatabases.drop(db);
    }
  }

  @Test
  void aDockerDaemonRestartFailsTheRunningModelWithAPlatformErrorAndTheServiceKeepsServing()
      throws Exception {
    String restart = restartCommand("MODEL_RUNNER_DOCKER_RESTART");
    TestImages.build();
    Path catalog =
        Files.writeString(
            dir.resolve("models.json"),
            """
            {"models": {
              "slow": {"image": "%s", "environment": {"SLEEP": "60"}},
              "quick": {"image": "%s"}
            }}
            """
                .formatted(TestImages.SLOW, TestImages.OK));
    Map<String, String> settings = base(catalog, "docker-fault");
    settings.put("engine", "docker");
    try (CallbackSink sink = new CallbackSink()) {
      RunnerServer server =
          RunnerServer.start(ServiceConfig.load(null, Map.of(), settings), System.getenv());
      try {
        Api api = new Api(server.baseUri(), server.apiToken());
        String run = dispatch(api, "docker-restart", sink.url(), "slow");
        api.awaitRun(run, r -> !r.path("executionId").isNull(), Duration.ofMinutes(1));

        assertThat(shell(restart)).isZero();

        JsonNode ended = api.awaitRun(run, Api::ended, Duration.ofMinutes(2));
        assertThat(ended.path("state").asText()).as(ended.toString()).isEqualTo("FAILED");
        assertThat(ended.path("reason").path("kind").asText())
            .as(ended.toString())
            .isEqualTo("platform-error");
        assertThat(
                sink.await(
                    r -> r.requestId().equals("docker-restart") && r.isFinal(),
                    1,
                    Duration.ofMinutes(1)))
            .extracting(CallbackSink.Received::status)
            .containsOnly("failed");
        assertThat(api.get("/health").status()).isEqualTo(200);
        String after = dispatch(api, "docker-after", sink.url(), "quick");
        JsonNode completed = api.awaitRun(after, Api::ended, Duration.ofMinutes(2));
        assertThat(completed.path("state").asText()).as(completed.toString()).isEqualTo("COMPLETE");
      } finally {
        server.close();
      }
    }
  }

  @Test
  void anUnreachableObjectStoreFailsTheRunAtStoreAndTheServiceKeepsServing() throws Exception {
    Path script = ProcessModels.script(dir);
    Path catalog =
        Files.writeString(
            dir.resolve("models.json"),
            "{\"models\": {\"slow\": "
                + ProcessModels.entry(script, "\"SLEEP_TENTHS\": \"20\"", "")
                + "}}");
    try (CallbackSink sink = new CallbackSink()) {
      S3ProxyServer s3 = S3ProxyServer.start(Files.createDirectories(dir.resolve("s3")));
      Map<String, String> settings = base(catalog, "s3-fault");
      settings.put("store", "s3://fault-results/runs");
      settings.put(
          "store.options",
          "endpoint="
              + s3.endpoint()
              + ",max-attempts=2,access-key="
              + S3ProxyServer.IDENTITY
              + ",secret-key="
              + S3ProxyServer.CREDENTIAL);
      RunnerServer server;
      try {
        server = RunnerServer.start(ServiceConfig.load(null, Map.of(), settings), System.getenv());
      } catch (RuntimeException e) {
        s3.close();
        throw e;
      }
      try {
        Api api = new Api(server.baseUri(), server.apiToken());
        String run = dispatch(api, "s3-down", sink.url(), "slow");
        api.awaitRun(run, r -> !r.path("executionId").isNull(), Duration.ofMinutes(1));
        s3.close(); // the store goes away while the model runs

        JsonNode ended = api.awaitRun(run, Api::ended, Duration.ofMinutes(3));
        assertThat(ended.path("state").asText()).as(ended.toString()).isEqualTo("FAILED");
        assertThat(ended.path("reason").path("kind").asText()).isEqualTo("platform-error");
        assertThat(ended.path("reason").path("message").asText())
            .as(ended.toString())
            .contains("the result store failed")
            .contains("unreachable")
            .doesNotContain("credentials");
        assertThat(
                sink.await(
                    r -> r.requestId().equals("s3-down") && r.isFinal(), 1, Duration.ofMinutes(1)))
            .extracting(CallbackSink.Received::status)
            .containsOnly("failed");
        assertThat(api.get("/health").status()).isEqualTo(200);
        assertThat(api.get("/api/runs").status()).isEqualTo(200);
      } finally {
        server.close();
      }
    }
  }

  private Map<String, String> base(Path catalog, String node) {
    Map<String, String> settings = new HashMap<>();
    settings.put("server.port", "0");
    settings.put("data.dir", dir.resolve("data").toString());
    settings.put("engine", "process");
    settings.put("models.catalog", catalog.toString());
    settings.put("node.id", node + "-" + ProcessHandle.current().pid());
    settings.put("callbacks.allowed-hosts", "*");
    settings.put("callbacks.max-backoff", "PT1S");
    settings.put("watchdog.interval", "PT0.2S");
    return settings;
  }

  private static String dispatch(Api api, String id, String callbackUrl, String slug)
      throws Exception {
    Api.Answer a = api.post("/api/runs", Api.request(id, callbackUrl, slug, "x"));
    assertThat(a.status()).as(a.text()).isEqualTo(202);
    return a.json().path("runs").get(0).path("runId").asText();
  }

  private static String restartCommand(String variable) {
    String command = System.getenv(variable);
    if (command == null || command.isBlank()) {
      throw Requirements.fromEnvironment()
          .unmet(
              Requirement.SERVER,
              variable + " does not say how to restart the server (.ci/run sets it)");
    }
    return command;
  }

  /**
   * Runs {@code command}; its output goes to a file (a server it restarts must not hold this JVM's
   * output open) and is printed afterwards.
   */
  private static int shell(String command) throws Exception {
    Path output = Files.createTempFile("restart", ".log");
    Process p =
        new ProcessBuilder("sh", "-c", command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    int exit = p.waitFor();
    System.out.println("$ " + command + " -> " + exit + "\n" + Files.readString(output));
    Files.deleteIfExists(output);
    return exit;
  }
}
