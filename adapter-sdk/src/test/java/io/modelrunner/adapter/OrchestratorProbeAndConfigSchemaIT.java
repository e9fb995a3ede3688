package io.modelrunner.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.adapter.example.EpidemicAdapter;
import io.modelrunner.api.json.JsonMappers;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the deployed orchestrator and model-runner's engine ask of an SDK adapter beyond the
 * lifecycle: {@code GET {uri}/status} at the root, whatever the base path, and the adapter's own
 * config schema at {@code {base}/config-schema}, enforced on {@code initialize}.
 */
class OrchestratorProbeAndConfigSchemaIT {
  private AdapterServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private RawHttp start(ModelAdapter<?> adapter, AdapterConfig.Builder config) {
    server = AdapterServer.start(adapter, config.host("127.0.0.1").port(0).build());
    return new RawHttp(server.rootUri());
  }

  @Test
  void rootStatusAnswers200WhateverTheBasePath() throws Exception {
    // MultiModelling/Model-Orchestrator dags/modules/handlers/rest_handler.py: get_adapter_status
    // GETs api_addr + "/status" (the registered uri, the adapter's root) before every task.
    RawHttp http =
        start(new TestModelAdapter(), AdapterConfig.builder().basePath("/api/v2").name("ETM"));
    RawHttp.Answer status = http.get("/status");
    assertThat(status.status()).isEqualTo(200);
    // The handler parses the body only when the header is exactly application/json.
    assertThat(status.contentType()).isEqualTo("application/json");
    JsonNode body = status.json();
    assertThat(body.path("status").asText()).isEqualTo("READY");
    assertThat(body.path("name").asText()).isEqualTo("ETM");
    assertThat(body.path("base_path").asText()).isEqualTo("/api/v2");
    assertThat(body.path("max_workers").asInt()).isEqualTo(1);
    assertThat(body.path("used_workers").asInt()).isZero();
    assertThat(
            http.send(
                    HttpRequest.newBuilder(server.rootUri().resolve("/status"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()))
                .status())
        .isEqualTo(200);

    // The lifecycle's own probe and per-run status keep working under the base path.
    assertThat(http.get("/api/v2/status").status()).isEqualTo(200);
    String id = http.get("/api/v2/request").json().path("model_run_id").asText();
    assertThat(http.get("/api/v2/status/" + id).state()).isEqualTo("ACCEPTED");
    assertThat(http.get("/model/status/" + id).status()).isEqualTo(404);
  }

  @Test
  void anAdapterWithoutASchemaAnswers404ForIt() throws Exception {
    RawHttp http = start(new TestModelAdapter(), AdapterConfig.builder());
    RawHttp.Answer a = http.get("/model/config-schema");
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.contentType()).isEqualTo("application/json");
    assertThat(a.reason()).contains("declares no config schema");
  }

  @Test
  void theAdaptersSchemaIsServedAndEnforcedWith422NamingTheField() throws Exception {
    RawHttp http = start(new EpidemicAdapter(), AdapterConfig.builder());
    RawHttp.Answer schema = http.get("/model/config-schema");
    assertThat(schema.status()).isEqualTo(200);
    assertThat(schema.contentType()).isEqualTo("application/json");
    JsonNode expected =
        JsonMappers.standard()
            .readTree(EpidemicAdapter.class.getResource("epidemic-config.schema.json"));
    assertThat(schema.json()).isEqualTo(expected);

    String id = http.get("/model/request").json().path("model_run_id").asText();
    RawHttp.Answer refused = http.post("/model/initialize/" + id, "{\"region\":\"GB\",\"r0\":-1}");
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.state()).isEqualTo("ERROR");
    assertThat(refused.reason()).contains("/r0: ").contains("/days: ");
    assertThat(http.get("/model/status/" + id).state()).isEqualTo("ACCEPTED");
    RawHttp.Answer accepted =
        http.post("/model/initialize/" + id, "{\"region\":\"GB\",\"r0\":2,\"days\":5}");
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(accepted.state()).isEqualTo("READY");
  }
}
