package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.app.adapter.ThirdPartyAdapter;
import io.modelrunner.app.bootstrap.RunnerServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party-shaped adapter (Flask, its own configuration schema, as the MultiModelling
 * energy-system adapters are: {@link ThirdPartyAdapter}) registered in the service's {@code
 * /registry/} and run through {@code POST /api/runs} with its own configuration.
 */
class ThirdPartyAdapterServiceIT {
  @TempDir static Path dir;
  static CallbackSink sink;
  static RunnerServer server;
  static Api api;
  static ThirdPartyAdapter adapter;

  @BeforeAll
  static void start() throws Exception {
    adapter = ThirdPartyAdapter.start();
    sink = new CallbackSink();
    Path catalog = Files.writeString(dir.resolve("models.json"), "{\"models\": {}}");
    server =
        RunnerServer.start(
            ServiceIT.config(
                dir,
                catalog,
                Map.of(
                    "engine",
                    "process",
                    "node.id",
                    "third-party-it-" + ProcessHandle.current().pid())),
            System.getenv());
    api = new Api(server.baseUri(), server.apiToken());
    // what such an adapter posts to the registry when it starts (it never heartbeats)
    Api.Answer registered =
        new Api(server.baseUri(), null)
            .post(
                "/registry/",
                "{\"name\":\"etm-price-profile\",\"version\":\"0.1.0\",\"uri\":\""
                    + adapter.root()
                    + "\",\"max_workers\":1,\"used_workers\":0,\"owner\":\"tno\"}");
    assertThat(registered.status()).as(registered.text()).isIn(200, 201);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (sink != null) {
      sink.close();
    }
    if (adapter != null) {
      adapter.close();
    }
  }

  private static String request(String id, String configuration) {
    return "{\"id\":\""
        + id
        + "\",\"models\":[{\"slug\":\"etm-price-profile\","
        + "\"imageURL\":\"adapter:etm-price-profile\"}],\"configuration\":"
        + configuration
        + ",\"callbackURL\":\""
        + sink.url()
        + "\"}";
  }

  private static JsonNode dispatchAndAwait(String id, String configuration) throws Exception {
    Api.Answer answer = api.post("/api/runs", request(id, configuration));
    assertThat(answer.status()).as(answer.text()).isEqualTo(202);
    String runId = answer.json().path("runs").get(0).path("runId").asText();
    return api.awaitRun(runId, Api::ended, Duration.ofSeconds(60));
  }

  @Test
  void itsOwnConfigurationRunsToCompleteAndItsResultIsTheRunsDataJson() throws Exception {
    JsonNode run = dispatchAndAwait("third-party-ok", ThirdPartyAdapter.CONFIGURATION);

    assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("COMPLETE");
    assertThat(run.path("identity").path("engine").asText()).isEqualTo("adapter");
    assertThat(run.path("identity").path("imageVersion").asText()).isEqualTo("0.1.0");
    JsonNode data = ServiceIT.artifact(run, "data.json");
    HttpResponse<byte[]> download =
        api.http()
            .send(
                api.request(data.path("href").asText()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(JsonMappers.standard().readTree(download.body()))
        .isEqualTo(ThirdPartyAdapter.expectedResult());
    assertThat(adapter.configurations())
        .contains(JsonMappers.standard().readTree(ThirdPartyAdapter.CONFIGURATION));
    CallbackSink.Received done =
        sink.await(
                CallbackSink.finalOf("etm-price-profile")
                    .and(r -> r.path().endsWith("/third-party-ok")),
                1,
                Duration.ofSeconds(30))
            .get(0);
    assertThat(done.status()).isEqualTo("complete");
  }

  @Test
  void aConfigurationItsSchemaRefusesFailsTheRunAsAModelErrorWithItsFieldMessage()
      throws Exception {
    JsonNode run =
        dispatchAndAwait(
            "third-party-bad",
            "{\"profile_config\":{\"scenario_ID\":\"1\",\"base_price\":50,\"peak_price\":120,"
                + "\"hours\":24,\"colour\":\"red\"}}");

    assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("FAILED");
    assertThat(run.path("reason").path("kind").asText()).isEqualTo("model-error");
    assertThat(run.path("reason").path("message").asText())
        .contains("HTTP 422")
        .contains("/profile_config/colour: Unknown field.");
  }
}
