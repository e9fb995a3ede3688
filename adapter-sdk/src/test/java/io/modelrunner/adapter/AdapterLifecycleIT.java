package io.modelrunner.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.adapter.client.AdapterClient;
import io.modelrunner.adapter.client.AdapterClientException;
import io.modelrunner.api.adapter.ModelRunState;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real adapter on a free loopback port, driven over HTTP by raw calls and by AdapterClient. */
class AdapterLifecycleIT {
  private AdapterServer server;
  private TestModelAdapter adapter;
  private RawHttp http;

  private void start(AdapterConfig.Builder config) {
    adapter = new TestModelAdapter();
    server = AdapterServer.start(adapter, config.host("127.0.0.1").port(0).build());
    http = new RawHttp(server.rootUri());
  }

  private void start() {
    start(AdapterConfig.builder());
  }

  @AfterEach
  void stop() {
    if (adapter != null) {
      adapter.release();
    }
    if (server != null) {
      server.close();
    }
  }

  private String requestId() throws Exception {
    RawHttp.Answer a = http.get("/model/request");
    assertThat(a.status()).isEqualTo(200);
    return a.json().path("model_run_id").asText();
  }

  private String readyRun(String config) throws Exception {
    String id = requestId();
    RawHttp.Answer init = http.post("/model/initialize/" + id, config);
    assertThat(init.status()).as(init.body()).isEqualTo(200);
    assertThat(init.state()).isEqualTo("READY");
    return id;
  }

  @Test
  void theClientDrivesAFullLifecycleAndRemovesTheRun() throws Exception {
    start();
    JsonNode result =
        new AdapterClient(server.baseUri())
            .execute(Map.of("name", "seir", "sleepMillis", 20), Duration.ofSeconds(30));
    assertThat(result.path("name").asText()).isEqualTo("seir");
    assertThat(result.path("path").asText()).startsWith("/results/");
    assertThat(waitFor(() -> adapter.removed.size() == 1)).isTrue();
  }

  @Test
  void everyAnswerIsExactlyApplicationJsonWithAllFourKeys() throws Exception {
    start();
    String id = requestId();
    for (String path :
        new String[] {
          "/model/request",
          "/model/status/" + id,
          "/model/status/nope",
          "/model/run/" + id,
          "/model/results/" + id,
          "/model/remove/nope",
          "/model/status",
          "/model/status/",
          "/model/no-such-endpoint",
          "/health",
          "/ready"
        }) {
      RawHttp.Answer a = http.get(path);
      assertThat(a.contentType()).as(path).isEqualTo("application/json");
      assertThat(a.json().properties())
          .as(path)
          .extracting(Map.Entry::getKey)
          .containsExactly("model_run_id", "state", "reason", "result");
    }
    RawHttp.Answer init = http.post("/model/initialize/" + id, "{}");
    assertThat(init.contentType()).isEqualTo("application/json");
  }

  @Test
  void livenessAnswersOnStatusWithAndWithoutTrailingSlashAndOnHealthAndReady() throws Exception {
    start();
    assertThat(http.get("/model/status").status()).isEqualTo(200);
    assertThat(http.get("/model/status/").status()).isEqualTo(200);
    assertThat(http.get("/health").status()).isEqualTo(200);
    assertThat(http.get("/ready").status()).isEqualTo(200);
  }

  @Test
  void theOpenApiDocumentIsServed() throws Exception {
    start();
    RawHttp.Answer a = http.get("/openapi.yaml");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body()).startsWith("openapi: 3.1.0").contains("/model/initialize/{model_run_id}");
  }

  @Test
  void unknownIdsAnswer404WithStateError() throws Exception {
    start();
    for (String call : new String[] {"run", "status", "results", "remove"}) {
      RawHttp.Answer a = http.get("/model/" + call + "/no-such-run");
      assertThat(a.status()).as(call).isEqualTo(404);
      assertThat(a.state()).isEqualTo("ERROR");
      assertThat(a.reason()).contains("no-such-run");
    }
    RawHttp.Answer init = http.post("/model/initialize/no-such-run", "{}");
    assertThat(init.status()).isEqualTo(404);
    assertThat(init.state()).isEqualTo("ERROR");
  }

  @Test
  void callsInTheWrongOrderAnswer409WithAReason() throws Exception {
    start();
    String id = requestId();
    RawHttp.Answer run = http.get("/model/run/" + id);
    assertThat(run.status()).isEqualTo(409);
    assertThat(run.state()).isEqualTo("ERROR");
    assertThat(run.reason()).contains("ACCEPTED");
    assertThat(http.get("/model/results/" + id).status()).isEqualTo(409);
    assertThat(http.post("/model/initialize/" + id, "{}").status()).isEqualTo(200);
    RawHttp.Answer again = http.post("/model/initialize/" + id, "{}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.reason()).contains("READY");
    assertThat(http.get("/model/status/" + id).state()).isEqualTo("READY");
  }

  @Test
  void aMalformedBodyAnswers400AWrongTypeAnswers422AndTheRunStaysAcceptedForARetry()
      throws Exception {
    start();
    String id = requestId();
    RawHttp.Answer bad = http.post("/model/initialize/" + id, "{not json");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.state()).isEqualTo("ERROR");
    assertThat(bad.reason()).contains("not JSON");
    RawHttp.Answer wrongType = http.post("/model/initialize/" + id, "{\"sleepMillis\":\"soon\"}");
    assertThat(wrongType.status()).isEqualTo(422);
    assertThat(wrongType.reason()).contains("/sleepMillis: ");
    assertThat(http.get("/model/status/" + id).state()).isEqualTo("ACCEPTED");
    assertThat(http.post("/model/initialize/" + id, "{}").state()).isEqualTo("READY");
  }

  @Test
  void unknownConfigKeysAreIgnoredByDefault() throws Exception {
    start();
    String id = requestId();
    RawHttp.Answer a =
        http.post("/model/initialize/" + id, "{\"name\":\"x\",\"base_path\":\"/data/run-1\"}");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.state()).isEqualTo("READY");
  }

  @Test
  void unknownConfigKeysAreRejectedWhenTheAdapterIsStrict() throws Exception {
    start(AdapterConfig.builder().strictConfig(true));
    String id = requestId();
    RawHttp.Answer a = http.post("/model/initialize/" + id, "{\"base_path\":\"/data\"}");
    assertThat(a.status()).isEqualTo(422);
    assertThat(a.reason()).contains("base_path");
    assertThat(a.reason()).startsWith("/base_path: unknown configuration key");
    assertThat(http.get("/model/status/" + id).state()).isEqualTo("ACCEPTED");
  }

  @Test
  void anOversizeBodyIsRefusedWith413AndAJsonBody() throws Exception {
    start(AdapterConfig.builder().maxBodyBytes(1024));
    String id = requestId();
    String big = "{\"name\":\"" + "x".repeat(5000) + "\"}";
    RawHttp.Answer a = http.post("/model/initialize/" + id, big);
    assertThat(a.status()).isEqualTo(413);
    assertThat(a.contentType()).isEqualTo("application/json");
    assertThat(a.state()).isEqualTo("ERROR");
    assertThat(http.get("/model/status/" + id).state()).isEqualTo("ACCEPTED");
  }

  @Test
  void anInitializeHookFailurePutsTheRunInErrorWithItsMessage() throws Exception {
    start();
    String id = requestId();
    RawHttp.Answer a = http.post("/model/initialize/" + id, "{\"rejectInit\":\"region unknown\"}");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.state()).isEqualTo("ERROR");
    assertThat(a.reason()).contains("region unknown");
    assertThat(http.get("/model/status/" + id).state()).isEqualTo("ERROR");
  }

  @Test
  void aFailingModelEndsInErrorWithTheMessageButNoStackTrace() throws Exception {
    start();
    String id = readyRun("{\"fail\":\"diverged at t=3\"}");
    http.get("/model/run/" + id);
    RawHttp.Answer results = pollResultsUntilFinal(id);
    assertThat(results.state()).isEqualTo("ERROR");
    assertThat(results.reason()).isEqualTo("diverged at t=3");
    assertThat(results.body()).doesNotContain("at io.modelrunner").doesNotContain("Exception");
  }

  @Test
  void resultsAdvancesOnItsOwnAndReportsSucceededByDefault() throws Exception {
    start();
    String id = readyRun("{\"block\":true,\"name\":\"m\"}");
    assertThat(http.get("/model/run/" + id).state()).isEqualTo("RUNNING");
    assertThat(http.get("/model/results/" + id).state()).isEqualTo("RUNNING");
    assertThat(waitFor(() -> adapter.started.containsKey(id))).isTrue();
    assertThat(http.get("/model/status/" + id).json().path("result").path("progress").asText())
        .isEqualTo("working");
    adapter.release();
    RawHttp.Answer results = pollResultsUntilFinal(id);
    assertThat(results.state()).isEqualTo("SUCCEEDED");
    assertThat(results.json().path("result").path("path").asText())
        .isEqualTo("/results/" + id + ".json");
    assertThat(http.get("/model/status/" + id).state()).isEqualTo("SUCCEEDED");
  }

  @Test
  void theSeedTextsProfileReportsReadyOnResults() throws Exception {
    start(AdapterConfig.builder().resultsState(ModelRunState.READY));
    String id = readyRun("{\"name\":\"m\"}");
    http.get("/model/run/" + id);
    RawHttp.Answer results = pollResultsUntilFinal(id);
    assertThat(results.state()).isEqualTo("READY");
    assertThat(results.json().path("result").path("path").asText()).endsWith(".json");
  }

  @Test
  void removeWhileRunningInterruptsTheModelCallsCleanupAndForgetsTheRun() throws Exception {
    start();
    String id = readyRun("{\"block\":true}");
    http.get("/model/run/" + id);
    assertThat(waitFor(() -> adapter.started.containsKey(id))).isTrue();
    RawHttp.Answer removed = http.get("/model/remove/" + id);
    assertThat(removed.status()).isEqualTo(200);
    assertThat(removed.state()).isEqualTo("UNKNOWN");
    assertThat(adapter.interrupted).contains(id);
    assertThat(adapter.removed).contains(id);
    assertThat(http.get("/model/status/" + id).status()).isEqualTo(404);
    RawHttp.Answer twice = http.get("/model/remove/" + id);
    assertThat(twice.status()).isEqualTo(200);
    assertThat(twice.state()).isEqualTo("UNKNOWN");
    // the slot is free again: another run can execute
    assertThat(http.get("/ready").status()).isEqualTo(200);
  }

  @Test
  void runsNobodyCallsAboutAreEvictedAfterTheTtl() throws Exception {
    start(AdapterConfig.builder().runTtl(Duration.ofMillis(200)));
    String id = requestId();
    assertThat(waitFor(() -> adapter.removed.contains(id))).isTrue();
    assertThat(http.get("/model/status/" + id).status()).isEqualTo(404);
  }

  @Test
  void requestsBeyondCapacityWaitPendingAndAreAcceptedWhenASlotFrees() throws Exception {
    start(AdapterConfig.builder().capacity(1));
    String first = requestId();
    RawHttp.Answer second = http.get("/model/request");
    assertThat(second.state()).isEqualTo("PENDING");
    String secondId = second.json().path("model_run_id").asText();
    assertThat(http.post("/model/initialize/" + secondId, "{}").status()).isEqualTo(409);
    http.get("/model/remove/" + first);
    assertThat(http.get("/model/status/" + secondId).state()).isEqualTo("ACCEPTED");
  }

  @Test
  void runsBeyondTheWorkersWaitQueuedAndStartWhenAWorkerFrees() throws Exception {
    start(AdapterConfig.builder().workers(1));
    String first = readyRun("{\"block\":true}");
    String second = readyRun("{}");
    assertThat(http.get("/model/run/" + first).state()).isEqualTo("RUNNING");
    assertThat(http.get("/model/run/" + second).state()).isEqualTo("QUEUED");
    assertThat(http.get("/model/results/" + second).state()).isEqualTo("QUEUED");
    assertThat(http.get("/ready").status()).isEqualTo(503);
    adapter.release();
    assertThat(pollResultsUntilFinal(second).state()).isEqualTo("SUCCEEDED");
  }

  @Test
  void requestsBeyondTheTrackedRunLimitAreRefusedWithAReason() throws Exception {
    start(AdapterConfig.builder().maxRuns(1));
    requestId();
    RawHttp.Answer refused = http.get("/model/request");
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.state()).isEqualTo("ERROR");
    assertThat(refused.reason()).contains("too many");
  }

  @Test
  void aRequestHookThatRefusesAnswers503WithItsReasonAndTracksNoRun() throws Exception {
    adapter =
        new TestModelAdapter() {
          @Override
          public void onRequest(String modelRunId) {
            throw new IllegalStateException("GPU quota exhausted");
          }
        };
    server =
        AdapterServer.start(adapter, AdapterConfig.builder().host("127.0.0.1").port(0).build());
    http = new RawHttp(server.rootUri());
    RawHttp.Answer a = http.get("/model/request");
    assertThat(a.status()).isEqualTo(503);
    assertThat(a.state()).isEqualTo("ERROR");
    assertThat(a.reason()).contains("GPU quota exhausted");
    assertThat(a.json().path("model_run_id").isNull()).isTrue();
  }

  @Test
  void theClientReportsAFailedRunAsRunFailedAndStillRemovesIt() throws Exception {
    start();
    AdapterClient client = new AdapterClient(server.baseUri());
    assertThatThrownBy(() -> client.execute(Map.of("fail", "no data"), Duration.ofSeconds(30)))
        .isInstanceOf(AdapterClientException.RunFailed.class)
        .hasMessageContaining("no data");
    assertThat(waitFor(() -> adapter.removed.size() == 1)).isTrue();
  }

  @Test
  void theClientGivesUpAtTheDeadlineAndRemovesTheRun() throws Exception {
    start();
    AdapterClient client = new AdapterClient(server.baseUri());
    assertThatThrownBy(() -> client.execute(Map.of("block", true), Duration.ofMillis(300)))
        .isInstanceOf(AdapterClientException.DeadlineExceeded.class);
    assertThat(waitFor(() -> adapter.removed.size() == 1)).isTrue();
    assertThat(adapter.interrupted).hasSize(1);
  }

  @Test
  void theClientReportsARefusedInitializeAsRefusedWithTheStatus() throws Exception {
    start(AdapterConfig.builder().strictConfig(true));
    AdapterClient client = new AdapterClient(server.baseUri());
    assertThatThrownBy(() -> client.execute(Map.of("unknown", 1), Duration.ofSeconds(30)))
        .isInstanceOfSatisfying(
            AdapterClientException.Refused.class, e -> assertThat(e.httpStatus()).isEqualTo(422));
  }

  @Test
  void theClientReportsAnUnreachableAdapter() throws Exception {
    start();
    java.net.URI base = server.baseUri();
    server.close();
    server = null;
    assertThatThrownBy(() -> new AdapterClient(base).execute(Map.of(), Duration.ofSeconds(5)))
        .isInstanceOf(AdapterClientException.Unreachable.class);
  }

  private RawHttp.Answer pollResultsUntilFinal(String id) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    RawHttp.Answer a = http.get("/model/results/" + id);
    while (System.nanoTime() < deadline
        && (a.state().equals("RUNNING") || a.state().equals("QUEUED"))) {
      Thread.sleep(10);
      a = http.get("/model/results/" + id);
    }
    return a;
  }

  static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(5);
    }
    return condition.getAsBoolean();
  }
}
