package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.app.bootstrap.RunnerServer;
import io.modelrunner.app.config.ServiceConfig;
import io.modelrunner.core.callback.CallbackSignature;
import io.modelrunner.core.engine.docker.DockerEngine;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runs API of a real service (in this JVM) over loopback HTTP, with real Docker containers, the
 * embedded database and a local callback sink.
 */
class ServiceIT {
  static final String SIGNING_KEY = "test-signing-key";
  static final String SECRET = "test-shared-secret";

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
              "slow": {"image": "%s", "environment": {"SLEEP": "300"}},
              "failing": {"image": "%s"},
              "short-deadline": {"image": "%s", "limits": {"deadline": "PT1S"}}
            }}
            """
                .formatted(TestImages.OK, TestImages.SLOW, TestImages.FAIL, TestImages.SLOW));
    server = RunnerServer.start(config(dir, catalog, Map.of()), System.getenv());
    api = new Api(server.baseUri(), server.apiToken());
  }

  static ServiceConfig config(Path dir, Path catalog, Map<String, String> more) {
    Map<String, String> o = new HashMap<>();
    o.put("server.port", "0");
    o.put("data.dir", dir.resolve("data").toString());
    o.put("engine", "docker");
    o.put("models.catalog", catalog.toString());
    o.put("callbacks.secret", SECRET);
    o.put("callbacks.signing-key", SIGNING_KEY);
    o.put("callbacks.allowed-hosts", "127.0.0.1:*");
    o.put("callbacks.attempts", "2");
    o.put("runs.max-concurrent", "2");
    o.put("watchdog.interval", "PT0.2S");
    o.put("node.id", "service-it-" + ProcessHandle.current().pid());
    o.putAll(more);
    return ServiceConfig.load(null, Map.of(), o);
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
  void dispatchRunsEachModelAndCallsBackSignedCompleteWithStoredArtifacts() throws Exception {
    Api.Answer answer =
        api.post(
            "/api/runs",
            Api.request("req-two", sink.url(), "quick", TestImages.OK, "failing", TestImages.FAIL));
    assertThat(answer.status()).as(answer.text()).isEqualTo(202);
    assertThat(answer.json().path("runs")).hasSize(2);
    String quickRun = answer.json().path("runs").get(0).path("runId").asText();
    assertThat(answer.header("Location")).endsWith("/api/runs/" + quickRun);

    CallbackSink.Received complete =
        sink.await(CallbackSink.finalOf("quick"), 1, Duration.ofSeconds(60)).get(0);
    CallbackSink.Received failed =
        sink.await(CallbackSink.finalOf("failing"), 1, Duration.ofSeconds(60)).get(0);
    assertThat(complete.status()).isEqualTo("complete");
    assertThat(complete.path()).isEqualTo("/api/simulations/req-two");
    assertThat(complete.header("Authorization")).isEqualTo("Bearer " + SECRET);
    assertThat(
            CallbackSignature.verify(
                SIGNING_KEY,
                complete.header("X-Model-Runner-Timestamp"),
                complete.header("X-Model-Runner-Signature"),
                complete.raw(),
                Duration.ofMinutes(5),
                Clock.systemUTC()))
        .isTrue();
    assertThat(failed.status()).isEqualTo("failed");
    assertThat(failed.body().path("reason").path("kind").asText()).isEqualTo("model-error");
    assertThat(failed.body().path("reason").path("exitCode").asInt()).isEqualTo(3);

    JsonNode run = api.awaitRun(quickRun, Api::ended, Duration.ofSeconds(30));
    assertThat(run.path("state").asText()).isEqualTo("COMPLETE");
    assertThat(run.path("identity").path("imageId").asText()).startsWith("sha256:");
    assertThat(run.path("identity").path("runnerVersion").asText())
        .isEqualTo(io.modelrunner.app.Version.current());
    assertThat(stage(run, "execute").path("deadlineSeconds").asDouble())
        .isEqualTo(
            (double) io.modelrunner.core.engine.ExecutionLimits.defaults().deadline().toSeconds());
    assertThat(stage(run, "start-callback").path("deadlineSeconds").asDouble()).isEqualTo(300.0);
    assertThat(stages(run))
        .containsSubsequence(
            "validate", "prepare", "start-callback", "execute", "store", "final-callback");
    assertThat(run.path("callbacks").findValuesAsText("event")).containsExactly("start", "final");
    assertThat(run.path("callbacks").findValuesAsText("status"))
        .containsExactly("DELIVERED", "DELIVERED");

    JsonNode data = artifact(run, "data.json");
    HttpResponse<byte[]> download =
        api.http()
            .send(
                api.request(data.path("href").asText()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).hasSize(data.path("size").asInt());
    assertThat(
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(download.body())))
        .isEqualTo(data.path("sha256").asText());
    assertThat(new String(download.body(), StandardCharsets.UTF_8)).contains("\"metadata\"");

    Api.Answer log = api.get("/api/runs/" + quickRun + "/log?tail=5");
    assertThat(log.status()).isEqualTo(200);
    assertThat(log.text()).contains("ok-model starting");
  }

  @Test
  void aRepeatedDispatchRunsNothingAgainAndADifferentBodyUnderTheSameIdConflicts()
      throws Exception {
    String request = Api.request("req-repeat", sink.url(), "quick", TestImages.OK);
    Api.Answer first = api.post("/api/runs", request);
    Api.Answer again = api.post("/api/runs", request);
    assertThat(first.status()).isEqualTo(202);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("repeated").asBoolean()).isTrue();
    assertThat(again.json().path("runs").get(0).path("runId").asText())
        .isEqualTo(first.json().path("runs").get(0).path("runId").asText());

    Api.Answer conflict =
        api.post("/api/runs", request.replace("\"region\":\"US\"", "\"region\":\"FR\""));
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/id");

    sink.await(
        CallbackSink.finalOf("quick").and(r -> r.path().endsWith("req-repeat")),
        1,
        Duration.ofSeconds(60));
    Thread.sleep(300);
    assertThat(
            sink.all().stream()
                .filter(r -> r.path().endsWith("/req-repeat") && r.status().equals("complete")))
        .hasSize(1);
  }

  @Test
  void cancellingARunningRunKillsItsContainerAtOnceAndCallsBackFailedCancelled() throws Exception {
    Api.Answer answer =
        api.post("/api/runs", Api.request("req-cancel-running", sink.url(), "slow", "ignored"));
    String runId = answer.json().path("runs").get(0).path("runId").asText();
    api.awaitRun(runId, r -> !r.path("executionId").isNull(), Duration.ofSeconds(60));
    Thread.sleep(300); // a few log lines
    assertThat(TestImages.containersLabelled(DockerEngine.RUN_ID_LABEL, runId)).hasSize(1);

    long start = System.nanoTime();
    Api.Answer cancel = api.post("/api/runs/" + runId + "/cancel", "");
    assertThat(cancel.status()).isEqualTo(202);
    assertThat(cancel.json().path("outcome").asText()).isEqualTo("CANCELLING");
    while (!TestImages.containersLabelled(DockerEngine.RUN_ID_LABEL, runId).isEmpty()) {
      assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(30).toNanos());
      Thread.sleep(20);
    }
    System.out.printf(
        "cancel of a running run: %d ms from request to container gone%n",
        (System.nanoTime() - start) / 1_000_000);

    CallbackSink.Received last =
        sink.await(
                CallbackSink.finalOf("slow").and(r -> r.path().endsWith("req-cancel-running")),
                1,
                Duration.ofSeconds(30))
            .get(0);
    assertThat(last.status()).isEqualTo("failed");
    assertThat(last.body().path("reason").path("kind").asText()).isEqualTo("cancelled");
    JsonNode run = api.awaitRun(runId, Api::ended, Duration.ofSeconds(30));
    assertThat(run.path("reason").path("kind").asText()).isEqualTo("cancelled");
    assertThat(run.path("artifacts").findValuesAsText("name")).contains("log/container.log");
    assertThat(api.post("/api/runs/" + runId + "/cancel", "").status()).isEqualTo(409);
  }

  @Test
  void aRunPastItsStageDeadlineEndsWithATimeoutReason() throws Exception {
    Api.Answer answer =
        api.post("/api/runs", Api.request("req-deadline", sink.url(), "short-deadline", "ignored"));
    String runId = answer.json().path("runs").get(0).path("runId").asText();
    JsonNode run = api.awaitRun(runId, Api::ended, Duration.ofSeconds(60));
    assertThat(run.path("state").asText()).isEqualTo("FAILED");
    assertThat(run.path("reason").path("kind").asText()).isEqualTo("timeout");
    // the view tells each stage's deadline: the model's own for execute, the settings' for others
    assertThat(stage(run, "execute").path("deadlineSeconds").asDouble()).isEqualTo(1.0);
    assertThat(stage(run, "prepare").path("deadlineSeconds").asDouble()).isEqualTo(900.0);
    CallbackSink.Received last =
        sink.await(CallbackSink.finalOf("short-deadline"), 1, Duration.ofSeconds(30)).get(0);
    assertThat(last.body().path("reason").path("kind").asText()).isEqualTo("timeout");
  }

  @Test
  void invalidRequestsAreRefusedWithPointersAndNothingIsStored() throws Exception {
    Api.Answer missing = api.post("/api/runs", "{\"id\":\"x\",\"models\":[]}");
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
    assertThat(missing.json().path("errors").findValuesAsText("pointer"))
        .contains("/configuration", "/callbackURL");

    Api.Answer badHost =
        api.post(
            "/api/runs",
            Api.request("req-host", "https://evil.example.org/hook", "quick", TestImages.OK));
    assertThat(badHost.status()).isEqualTo(422);
    assertThat(badHost.json().path("errors").get(0).path("pointer").asText())
        .isEqualTo("/callbackURL");

    Api.Answer twice =
        api.post(
            "/api/runs",
            Api.request("req-dup", null, "quick", TestImages.OK, "quick", TestImages.OK));
    assertThat(twice.status()).isEqualTo(422);
    assertThat(twice.json().path("errors").get(0).path("pointer").asText())
        .isEqualTo("/models/1/slug");

    Api.Answer malformed = api.post("/api/runs", "{\"id\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().path("detail").asText()).contains("malformed JSON");

    Api.Answer huge = api.post("/api/runs", "{\"id\":\"" + "x".repeat(2 << 20) + "\"}");
    assertThat(huge.status()).isEqualTo(413);

    assertThat(api.get("/api/runs/no-such-run").status()).isEqualTo(404);
    assertThat(api.get("/api/runs?limit=0").status()).isEqualTo(400);
    assertThat(
            api.get("/api/runs?state=DANCING")
                .json()
                .path("errors")
                .get(0)
                .path("pointer")
                .asText())
        .isEqualTo("/state");
    assertThat(api.get("/api/runs?cursor=garbage").status()).isEqualTo(400);
    assertThat(api.get("/api/runs/x/log?tail=-3").status()).isEqualTo(400);
  }

  @Test
  void dispatchEventPayloadIsAcceptedAndItsErrorsPointIntoTheClientPayload() throws Exception {
    Api.Answer ok =
        api.post(
            "/api/dispatch",
            "{\"event_type\":\"run-models\",\"client_payload\":"
                + Api.request("req-event", sink.url(), "quick", TestImages.OK)
                + "}");
    assertThat(ok.status()).as(ok.text()).isEqualTo(202);
    Api.Answer bad =
        api.post(
            "/api/dispatch", "{\"event_type\":\"run-models\",\"client_payload\":{\"id\":\"e\"}}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().path("errors").findValuesAsText("pointer"))
        .contains("/client_payload/models");
    assertThat(api.post("/api/dispatch", "{\"client_payload\":3}").status()).isEqualTo(422);
  }

  @Test
  void listingPagesNewestFirstAndFiltersByStateAndModel() throws Exception {
    for (int i = 0; i < 3; i++) {
      api.post("/api/runs", Api.request("req-page-" + i, null, "quick", TestImages.OK));
    }
    Api.Answer page1 = api.get("/api/runs?model=quick&limit=2");
    assertThat(page1.status()).isEqualTo(200);
    assertThat(page1.json().path("runs")).hasSize(2);
    String cursor = page1.json().path("nextCursor").asText();
    assertThat(cursor).isNotEmpty();
    Api.Answer page2 = api.get("/api/runs?model=quick&limit=2&cursor=" + cursor);
    assertThat(page2.json().path("runs").get(0).path("runId").asText())
        .isNotIn(page1.json().path("runs").findValuesAsText("runId"));
    assertThat(
            StreamSupport.stream(
                    api.get("/api/runs?state=failed").json().path("runs").spliterator(), false)
                .map(r -> r.path("state").asText()))
        .allMatch("FAILED"::equals);
  }

  @Test
  void listingFiltersByRequestIdExactlyAndCombinesItWithStateModelAndCursor() throws Exception {
    String id = "req filter/ü";
    String encoded = java.net.URLEncoder.encode(id, StandardCharsets.UTF_8);
    Api.Answer two =
        api.post(
            "/api/runs", Api.request(id, null, "quick", TestImages.OK, "failing", TestImages.FAIL));
    assertThat(two.status()).as(two.text()).isEqualTo(202);
    assertThat(
            api.post("/api/runs", Api.request(id + "-other", null, "quick", TestImages.OK))
                .status())
        .isEqualTo(202);
    for (JsonNode run : two.json().path("runs")) {
      api.awaitRun(run.path("runId").asText(), Api::ended, Duration.ofSeconds(60));
    }

    JsonNode both = api.get("/api/runs?requestId=" + encoded).json();
    assertThat(both.path("runs").findValuesAsText("requestId")).containsExactly(id, id);
    assertThat(both.path("runs").findValuesAsText("modelSlug"))
        .containsExactlyInAnyOrder("quick", "failing");
    assertThat(both.path("nextCursor").isNull()).isTrue();
    assertThat(
            api.get("/api/runs?requestId=" + encoded + "&model=failing")
                .json()
                .path("runs")
                .findValuesAsText("modelSlug"))
        .containsExactly("failing");
    assertThat(
            api.get("/api/runs?requestId=" + encoded + "&state=COMPLETE")
                .json()
                .path("runs")
                .findValuesAsText("modelSlug"))
        .containsExactly("quick");

    JsonNode first = api.get("/api/runs?limit=1&requestId=" + encoded).json();
    assertThat(first.path("runs")).hasSize(1);
    JsonNode second =
        api.get(
                "/api/runs?limit=1&requestId="
                    + encoded
                    + "&cursor="
                    + first.path("nextCursor").asText())
            .json();
    assertThat(second.path("runs").findValuesAsText("requestId")).containsExactly(id);
    assertThat(second.path("runs").get(0).path("runId").asText())
        .isNotEqualTo(first.path("runs").get(0).path("runId").asText());
    assertThat(second.path("nextCursor").isNull()).isTrue();

    // exact: no prefix match
    assertThat(api.get("/api/runs?requestId=req%20filter").json().path("runs")).isEmpty();
    Api.Answer tooLong = api.get("/api/runs?requestId=" + "r".repeat(201));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().path("errors").get(0).path("pointer").asText())
        .isEqualTo("/requestId");
  }

  @Test
  void theRunsApiNeedsTheTokenAndTheOperationalEndpointsDoNot() throws Exception {
    Api anonymous = new Api(server.baseUri(), null);
    Api wrong = new Api(server.baseUri(), "not-the-token");
    Api.Answer refused = anonymous.get("/api/runs");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(wrong.post("/api/runs", "{}").status()).isEqualTo(401);
    assertThat(wrong.get("/api/runs/x/artifacts/data.json").status()).isEqualTo(401);
    assertThat(refused.text()).doesNotContain("not-the-token");

    assertThat(anonymous.get("/health").status()).isEqualTo(200);
    Api.Answer ready = anonymous.get("/ready");
    assertThat(ready.status()).as(ready.text()).isEqualTo(200);
    Api.Answer schema = anonymous.get("/api/schemas/runner");
    assertThat(schema.status()).isEqualTo(200);
    assertThat(schema.json().path("$id").asText()).contains("runner");
    assertThat(anonymous.get("/api/schemas/output").status()).isEqualTo(200);
    assertThat(anonymous.get("/api/schemas/nope").status()).isEqualTo(404);
    Api.Answer metrics = anonymous.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.text())
        .contains(
            "model_runner_runs{",
            "model_runner_queue_depth",
            "model_runner_active_runs",
            "jvm_memory_used_bytes");
    Api.Answer openApi = anonymous.get("/openapi.yaml");
    assertThat(openApi.status()).isEqualTo(200);
    assertThat(openApi.text()).contains("openapi:", "/api/runs");
  }

  @Test
  void unknownPathsAndMethodsGetProblemAnswersNotServerErrors() throws Exception {
    assertThat(api.get("/api/nothing-here").status()).isEqualTo(404);
    Api.Answer method = api.send(api.request("/api/runs").DELETE().build());
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.header("Content-Type")).startsWith("application/problem+json");
    Api.Answer type =
        api.send(
            api.request("/api/runs")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello"))
                .build());
    assertThat(type.status()).isEqualTo(415);
  }

  static List<String> stages(JsonNode run) {
    return run.path("stages").findValuesAsText("stage");
  }

  static JsonNode stage(JsonNode run, String name) {
    for (JsonNode s : run.path("stages")) {
      if (s.path("stage").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no stage " + name + " in " + run);
  }

  static JsonNode artifact(JsonNode run, String name) {
    for (JsonNode a : run.path("artifacts")) {
      if (a.path("name").asText().equals(name)) {
        return a;
      }
    }
    throw new AssertionError("no artifact " + name + " in " + run);
  }
}
