package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.app.bootstrap.RunnerServer;
import io.modelrunner.app.config.ServiceConfig;
import io.modelrunner.core.callback.CallbackEvent;
import io.modelrunner.core.callback.WebhookSignature;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable callback outbox: a web application that is down for longer than a run lasts (and
 * longer than the five attempts a callback used to get), while the service restarts, still gets
 * every callback once it is up — each event once, the start before the final of its run — signed
 * with the Standard Webhooks headers, and the run's delivery log shows it.
 */
class CallbackOutboxIT {
  private static final String SIGNING_KEY = "outbox-signing-key";

  @TempDir Path dir;

  @Test
  void callbacksToAWebApplicationThatIsDownArriveOnceInOrderWhenItComesBack() throws Exception {
    int port;
    try (ServerSocket reserved = new ServerSocket(0)) {
      port = reserved.getLocalPort(); // nothing listens here until the sink starts
    }
    String callbackUrl = "http://127.0.0.1:" + port;
    Path script = ProcessModels.script(dir);
    Path catalog =
        Files.writeString(
            dir.resolve("models.json"),
            "{\"models\": {\"quick\": " + ProcessModels.entry(script, "", "") + "}}");
    Map<String, String> settings = new HashMap<>();
    settings.put("server.port", "0");
    settings.put("data.dir", dir.resolve("data").toString());
    settings.put("engine", "process");
    settings.put("models.catalog", catalog.toString());
    settings.put("node.id", "outbox-it-" + ProcessHandle.current().pid());
    settings.put("callbacks.allowed-hosts", "*");
    settings.put("callbacks.signing-key", SIGNING_KEY);
    settings.put("callbacks.attempts", "1");
    settings.put("callbacks.timeout", "PT2S");
    settings.put("callbacks.max-backoff", "PT1S");
    ServiceConfig config = ServiceConfig.load(null, Map.of(), settings);

    List<String> runs = new ArrayList<>();
    RunnerServer first = RunnerServer.start(config, System.getenv());
    try {
      Api api = new Api(first.baseUri(), first.apiToken());
      for (int i = 0; i < 3; i++) {
        Api.Answer a = api.post("/api/runs", Api.request("outbox-" + i, callbackUrl, "quick", "x"));
        assertThat(a.status()).as(a.text()).isEqualTo(202);
        runs.add(a.json().path("runs").get(0).path("runId").asText());
      }
      for (String run : runs) {
        JsonNode ended = api.awaitRun(run, Api::ended, Duration.ofMinutes(1));
        assertThat(ended.path("state").asText()).as(ended.toString()).isEqualTo("COMPLETE");
        // More attempts than a callback used to get in all: the start is still pending, not
        // dropped, and the final waits behind it (order per run).
        JsonNode pending =
            api.awaitRun(
                run, r -> event(r, "start").path("attempts").asInt() > 5, Duration.ofMinutes(1));
        assertThat(event(pending, "start").path("status").asText()).isEqualTo("PENDING");
        assertThat(event(pending, "start").path("nextAttemptAt").isNull()).isFalse();
        assertThat(event(pending, "final").path("status").asText()).isEqualTo("PENDING");
        assertThat(event(pending, "final").path("attempts").asInt()).isZero();
      }
    } finally {
      first.close();
    }

    RunnerServer second = RunnerServer.start(config, System.getenv());
    try (CallbackSink sink = new CallbackSink(port)) {
      Api api = new Api(second.baseUri(), second.apiToken());
      for (int i = 0; i < runs.size(); i++) {
        String run = runs.get(i);
        String requestId = "outbox-" + i;
        List<CallbackSink.Received> finals =
            sink.await(
                r -> r.requestId().equals(requestId) && r.isFinal(), 1, Duration.ofMinutes(1));
        JsonNode delivered =
            api.awaitRun(
                run,
                r -> event(r, "final").path("status").asText().equals("DELIVERED"),
                Duration.ofMinutes(1));
        assertThat(event(delivered, "final").path("deliveredAt").isNull()).isFalse();

        List<CallbackSink.Received> ofRun =
            sink.all().stream().filter(r -> r.requestId().equals(requestId)).toList();
        assertThat(ofRun)
            .extracting(CallbackSink.Received::eventId)
            .as("each event once, the start before the final")
            .containsExactly(
                CallbackEvent.idFor(run, CallbackEvent.START),
                CallbackEvent.idFor(run, CallbackEvent.FINAL));
        CallbackSink.Received fin = finals.get(0);
        assertThat(fin.status()).isEqualTo("complete");
        assertThat(fin.body().path("delivery").asText()).isEqualTo("durable");
        assertThat(fin.body().path("eventId").asText()).isEqualTo(fin.eventId());
        assertThat(
                WebhookSignature.verify(
                    SIGNING_KEY,
                    fin.eventId(),
                    fin.header(WebhookSignature.TIMESTAMP_HEADER),
                    fin.header(WebhookSignature.SIGNATURE_HEADER),
                    fin.raw(),
                    Duration.ofMinutes(5),
                    Clock.systemUTC()))
            .isTrue();
      }
    } finally {
      second.close();
    }
  }

  @Test
  void aWebApplicationThatAnswersGetsEachEventOnce() throws Exception {
    Path script = ProcessModels.script(dir);
    Path catalog =
        Files.writeString(
            dir.resolve("models.json"),
            "{\"models\": {\"quick\": " + ProcessModels.entry(script, "", "") + "}}");
    Map<String, String> settings = new HashMap<>();
    settings.put("server.port", "0");
    settings.put("data.dir", dir.resolve("data-once").toString());
    settings.put("engine", "process");
    settings.put("models.catalog", catalog.toString());
    settings.put("runs.max-concurrent", "4");
    settings.put("callbacks.allowed-hosts", "*");
    RunnerServer server =
        RunnerServer.start(ServiceConfig.load(null, Map.of(), settings), System.getenv());
    try (CallbackSink sink = new CallbackSink()) {
      Api api = new Api(server.baseUri(), server.apiToken());
      int runs = 40;
      for (int i = 0; i < runs; i++) {
        Api.Answer a = api.post("/api/runs", Api.request("once-" + i, sink.url(), "quick", "x"));
        assertThat(a.status()).as(a.text()).isEqualTo(202);
      }
      List<CallbackSink.Received> finals =
          sink.await(CallbackSink.Received::isFinal, runs, Duration.ofMinutes(2));
      assertThat(finals).hasSize(runs);
      java.util.Map<String, Long> perEvent =
          sink.all().stream()
              .collect(
                  java.util.stream.Collectors.groupingBy(
                      CallbackSink.Received::eventId, java.util.stream.Collectors.counting()));
      assertThat(perEvent).as("one start and one final per run").hasSize(2 * runs);
      assertThat(perEvent.values()).as("each sent once").containsOnly(1L);
    } finally {
      server.close();
    }
  }

  private static JsonNode event(JsonNode run, String event) {
    for (JsonNode callback : run.path("callbacks")) {
      if (callback.path("event").asText().equals(event)) {
        return callback;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
