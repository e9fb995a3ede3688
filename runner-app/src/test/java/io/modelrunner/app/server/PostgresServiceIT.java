package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.app.bootstrap.RunnerServer;
import io.modelrunner.app.db.DatabaseConfig;
import io.modelrunner.app.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service on PostgreSQL instead of the embedded database: migrations apply to an empty
 * database, a run completes, and its record (stages, callbacks, artifacts) survives a restart of
 * the service on the same database.
 */
class PostgresServiceIT {
  @TempDir Path dir;

  @Test
  void runsPersistInPostgresAcrossARestart() throws Exception {
    TestImages.build();
    DatabaseConfig db = TestDatabases.freshPostgres();
    try (CallbackSink sink = new CallbackSink()) {
      Path catalog = quickCatalog("models.json");
      Map<String, String> more = settings(db, "pg-it-", Map.of());
      String runId;
      try (RunnerServer server =
          RunnerServer.start(ServiceIT.config(dir, catalog, more), System.getenv())) {
        Api api = new Api(server.baseUri(), server.apiToken());
        Api.Answer a = api.post("/api/runs", Api.request("pg-1", sink.url(), "quick", "x"));
        assertThat(a.status()).as(a.text()).isEqualTo(202);
        runId = a.json().path("runs").get(0).path("runId").asText();
        JsonNode run = api.awaitRun(runId, Api::ended, Duration.ofSeconds(60));
        assertThat(run.path("state").asText()).isEqualTo("COMPLETE");
        assertThat(server.runs().queries().find(runId)).isPresent();
      }
      try (RunnerServer again =
          RunnerServer.start(ServiceIT.config(dir, catalog, more), System.getenv())) {
        Api api = new Api(again.baseUri(), again.apiToken());
        JsonNode run = api.get("/api/runs/" + runId).json();
        assertThat(run.path("state").asText()).isEqualTo("COMPLETE");
        assertThat(run.path("callbacks").findValuesAsText("status"))
            .containsExactly("DELIVERED", "DELIVERED");
        assertThat(run.path("artifacts").findValuesAsText("name")).contains("data.json");
        assertThat(api.post("/api/runs", Api.request("pg-1", sink.url(), "quick", "x")).status())
            .as("a repeated dispatch after the restart runs nothing")
            .isEqualTo(200);
      }
    } finally {
      TestDatabases.drop(db);
    }
  }

  @Test
  void aCallbackThatGetsNoAnswerIsRecordedAndTheRunStillCompletes() throws Exception {
    TestImages.build();
    DatabaseConfig db = TestDatabases.freshPostgres();
    try {
      Path catalog = quickCatalog("models-2.json");
      Map<String, String> more =
          settings(
              db,
              "pg-it-2-",
              Map.of("data.dir", dir.resolve("data-2").toString(), "callbacks.attempts", "1"));
      String nobody = "http://127.0.0.1:" + freePort() + "/callbacks";
      try (RunnerServer server =
          RunnerServer.start(ServiceIT.config(dir, catalog, more), System.getenv())) {
        Api api = new Api(server.baseUri(), server.apiToken());
        Api.Answer a = api.post("/api/runs", Api.request("pg-2", nobody, "quick", "x"));
        assertThat(a.status()).as(a.text()).isEqualTo(202);
        String runId = a.json().path("runs").get(0).path("runId").asText();

        JsonNode run = api.awaitRun(runId, Api::ended, Duration.ofSeconds(60));

        assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("COMPLETE");
        JsonNode tried =
            api.awaitRun(
                runId,
                r -> r.path("callbacks").path(0).path("attempts").asInt() > 1,
                Duration.ofSeconds(60));
        assertThat(tried.path("callbacks").findValuesAsText("status"))
            .as(
                "attempts without an HTTP status are stored (a null integer column); the start is"
                    + " retried, the final waits behind it")
            .containsExactly("PENDING", "PENDING");
        assertThat(tried.path("callbacks").findValues("httpStatus"))
            .allSatisfy(status -> assertThat(status.isNull()).isTrue());
      }
    } finally {
      TestDatabases.drop(db);
    }
  }

  /** A catalog with one model, {@code quick}: the image that succeeds at once. */
  private Path quickCatalog(String name) throws java.io.IOException {
    return Files.writeString(
        dir.resolve(name), "{\"models\": {\"quick\": {\"image\": \"" + TestImages.OK + "\"}}}");
  }

  /** The service's settings for database {@code db}, a node id, and {@code more}. */
  private static Map<String, String> settings(
      DatabaseConfig db, String nodePrefix, Map<String, String> more) {
    Map<String, String> all = new java.util.HashMap<>(more);
    all.put("database.url", db.url());
    all.put("database.user", db.user());
    all.put("database.password", db.password());
    all.put("node.id", nodePrefix + ProcessHandle.current().pid());
    return all;
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
