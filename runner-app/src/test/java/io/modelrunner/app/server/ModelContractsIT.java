package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.app.bootstrap.RunnerServer;
import io.modelrunner.app.config.ServiceConfig;
import io.modelrunner.app.testing.ContractModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-model contracts through the service, on the process engine: models outside the epidemic
 * domain ({@link ContractModels}) are dispatched with their own configuration, run to COMPLETE
 * against their own output schema (or none), and a configuration their input schema refuses gets a
 * 422 naming the model and the pointer; {@code GET /api/models} lists them (with the API token)
 * with links to their schemas (open).
 */
class ModelContractsIT {
  @TempDir static Path dir;
  static RunnerServer server;
  static Api api;

  @BeforeAll
  static void start() throws Exception {
    Path catalog = ContractModels.write(dir);
    Map<String, String> settings = new HashMap<>();
    settings.put("server.port", "0");
    settings.put("data.dir", dir.resolve("data").toString());
    settings.put("engine", "process");
    settings.put("models.catalog", catalog.toString());
    settings.put("runs.max-concurrent", "2");
    settings.put("watchdog.interval", "PT0.2S");
    settings.put("node.id", "contracts-it-" + ProcessHandle.current().pid());
    server = RunnerServer.start(ServiceConfig.load(null, Map.of(), settings), System.getenv());
    api = new Api(server.baseUri(), server.apiToken());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aModelWithItsOwnSchemasRunsToCompleteOnItsOwnConfiguration() throws Exception {
    JsonNode run =
        dispatchAndWait(
            ContractModels.request("c-tally", ContractModels.TALLY_CONFIGURATION, "tally", "x"));
    assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("COMPLETE");
    Api.Answer data = api.get("/api/runs/" + run.path("runId").asText() + "/artifacts/data.json");
    assertThat(data.status()).isEqualTo(200);
    assertThat(data.json().path("total").asInt()).isEqualTo(6);
    assertThat(data.json().path("input").path("values")).hasSize(3);
  }

  @Test
  void anOutputItsOwnSchemaRefusesFailsAsInvalidOutput() throws Exception {
    JsonNode run =
        dispatchAndWait(
            ContractModels.request(
                "c-broken", ContractModels.TALLY_CONFIGURATION, "tally-broken", "x"));
    assertThat(run.path("state").asText()).isEqualTo("FAILED");
    assertThat(run.path("reason").path("kind").asText()).isEqualTo("invalid-output");
    assertThat(run.path("reason").path("message").asText())
        .contains("tally-output.schema.json", "/total");
  }

  @Test
  void aModelWithoutSchemasTakesAnyObjectAndAnyJsonOutput() throws Exception {
    JsonNode run =
        dispatchAndWait(
            ContractModels.request("c-free", "{\"anything\":{\"goes\":[true]}}", "free", "x"));
    assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("COMPLETE");
  }

  @Test
  void aConfigurationTheModelsInputSchemaRefusesIs422NamingTheModelAndThePointer()
      throws Exception {
    Api.Answer answer =
        api.post(
            "/api/runs",
            ContractModels.request(
                "c-bad", ContractModels.BAD_TALLY_CONFIGURATION, "tally", "x", "free", "y"));
    assertThat(answer.status()).isEqualTo(422);
    List<String> errors = new ArrayList<>();
    for (JsonNode e : answer.json().path("errors")) {
      errors.add(e.path("pointer").asText() + ": " + e.path("message").asText());
      assertThat(e.path("models").toString()).isEqualTo("[\"tally\"]");
    }
    // the CLI prints the same lines (ModelContractsCliIT)
    assertThat(errors).isEqualTo(ContractModels.BAD_TALLY_ERRORS);
  }

  @Test
  void eachRequestedModelChecksTheConfigurationWithItsOwnSchema() throws Exception {
    // tally's configuration is no epidemic model's: the standard model (run by its image) refuses
    // it
    Api.Answer answer =
        api.post(
            "/api/runs",
            ContractModels.request(
                "c-mixed", ContractModels.TALLY_CONFIGURATION, "tally", "x", "seir", "local/s:1"));
    assertThat(answer.status()).isEqualTo(422);
    JsonNode errors = answer.json().path("errors");
    assertThat(errors.findValuesAsText("pointer"))
        .contains("/configuration/region", "/configuration/values");
    for (JsonNode e : errors) {
      assertThat(e.path("models").toString()).isEqualTo("[\"seir\"]");
      assertThat(e.path("message").asText()).endsWith("(input schema of model seir)");
    }
  }

  @Test
  void anAdapterBackedModelTakesAnyConfigurationAtDispatch() throws Exception {
    // the configuration of the ETM price-profile adapter (MultiModelling/Adapter-ETM-Price-Profile,
    // tno/etm_price_profile_adapter/types.py: ETMAdapterConfig{etm_config{endpoint, path,
    // scenario_ID}, output_file_path, base_path}), which no built-in schema knows
    String etm =
        "{\"etm_config\":{\"endpoint\":\"https://engine.energytransitionmodel.com/api/v3/\","
            + "\"path\":\"scenarios/{scenario_id}/curves/electricity_price.csv\","
            + "\"scenario_ID\":\"1234\"},\"output_file_path\":null,\"base_path\":\"/model\"}";
    Api.Answer answer =
        api.post(
            "/api/runs",
            ContractModels.request("c-adapter", etm, "price-profile", "adapter:price-profile"));
    assertThat(answer.status()).as(answer.text()).isEqualTo(202);
  }

  @Test
  void theModelsAreListedWithTheTokenWithLinksToTheirOpenSchemas() throws Exception {
    Api.Answer list = api.get("/api/models");
    assertThat(list.status()).isEqualTo(200);
    Map<String, JsonNode> bySlug = new HashMap<>();
    list.json().path("models").forEach(m -> bySlug.put(m.path("slug").asText(), m));
    assertThat(bySlug).containsOnlyKeys("tally", "tally-broken", "free");
    JsonNode tally = bySlug.get("tally");
    assertThat(tally.path("command").asBoolean()).isTrue();
    assertThat(tally.path("image").asBoolean()).isFalse();
    assertThat(tally.toString()).doesNotContain("tally.sh");
    assertThat(tally.path("input").path("kind").asText()).isEqualTo("custom");
    String href = tally.path("input").path("href").asText();
    assertThat(href).isEqualTo("/api/schemas/models/tally/input");
    Api anonymous = new Api(server.baseUri(), null);
    assertThat(anonymous.get("/api/models").status()).isEqualTo(401);
    Api.Answer schema = anonymous.get(href);
    assertThat(schema.status()).isEqualTo(200);
    assertThat(schema.header("Content-Type")).startsWith("application/schema+json");
    assertThat(schema.json().path("required").toString()).isEqualTo("[\"values\"]");
    assertThat(bySlug.get("free").path("input").path("kind").asText()).isEqualTo("none");
    assertThat(tally.path("timeAxis").asText()).isEqualTo("/input/values");
    assertThat(bySlug.get("free").has("timeAxis")).isTrue();
    assertThat(bySlug.get("free").path("timeAxis").isNull()).isTrue();
    assertThat(api.get("/api/schemas/models/free/output").status()).isEqualTo(404);
    Api.Answer unknown = api.get("/api/schemas/models/nope/input");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("detail").asText()).contains("nope");
  }

  private static JsonNode dispatchAndWait(String request) throws Exception {
    Api.Answer answer = api.post("/api/runs", request);
    assertThat(answer.status()).as(answer.text()).isEqualTo(202);
    String runId = answer.json().path("runs").get(0).path("runId").asText();
    return api.awaitRun(runId, Api::ended, Duration.ofSeconds(60));
  }
}
