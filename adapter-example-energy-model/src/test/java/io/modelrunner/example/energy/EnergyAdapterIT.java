package io.modelrunner.example.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.adapter.AdapterConfig;
import io.modelrunner.adapter.AdapterServer;
import io.modelrunner.adapter.client.AdapterClient;
import io.modelrunner.adapter.client.AdapterClientException;
import io.modelrunner.api.adapter.ModelRunState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The energy adapter started in-process on a free port and driven by {@link AdapterClient} over
 * real HTTP; the model is the real Python connector, run as a real subprocess.
 */
class EnergyAdapterIT {
  private static final Duration DEADLINE = Duration.ofMinutes(2);

  @TempDir Path tmp;
  private AdapterServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private AdapterClient start(EnergyAdapter.Settings settings) {
    server =
        AdapterServer.start(
            new EnergyAdapter(settings),
            AdapterConfig.builder().host("127.0.0.1").port(0).name("ENERGY").build());
    return new AdapterClient(server.baseUri());
  }

  private AdapterClient startWithTheSourceConnector() {
    return start(
        new EnergyAdapter.Settings(
            EnergyOutputs.PYTHON, EnergyOutputs.connector(), DEADLINE, null));
  }

  @Test
  void theExampleRunsThroughTheWholeLifecycleWithTheOrchestratorsBasePath() throws Exception {
    AdapterClient client = startWithTheSourceConnector();
    ObjectNode config = EnergyOutputs.exampleConfiguration().deepCopy();
    // MultiModelling/Model-Orchestrator dags/modules/handlers/rest_handler.py adds base_path to
    // every initialize body.
    config.put("base_path", "user=1/run=2/");

    JsonNode result = client.execute(config, DEADLINE);

    EnergyOutputs.assertExampleOutput(result);
    assertThat(result.has("path")).isFalse();
  }

  @Test
  void aBodyThatBreaksTheInputSchemaIsRefusedWith422NamingTheFieldAndTheRunStaysAccepted()
      throws Exception {
    AdapterClient client = startWithTheSourceConnector();
    ObjectNode config = EnergyOutputs.exampleConfiguration().deepCopy();
    ((ObjectNode) config.path("generators").path(0)).put("capacity", -5);
    String id = client.request().modelRunId();

    AdapterClientException.Refused refused =
        catchThrowableOfType(
            AdapterClientException.Refused.class, () -> client.initialize(id, config));

    assertThat(refused.httpStatus()).isEqualTo(422);
    assertThat(refused.getMessage()).contains("/generators/0/capacity");
    assertThat(client.status(id).state()).isEqualTo(ModelRunState.ACCEPTED);
    assertThat(client.initialize(id, EnergyOutputs.exampleConfiguration()).state())
        .isEqualTo(ModelRunState.READY);
    client.remove(id);
  }

  @Test
  void theAdapterServesTheModelsInputSchemaAsItsConfigSchema() throws Exception {
    startWithTheSourceConnector();
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.baseUri() + "/config-schema")).build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(EnergyOutputs.MAPPER.readTree(response.body()))
        .isEqualTo(
            EnergyOutputs.MAPPER.readTree(
                EnergyOutputs.moduleDir().resolve("schemas/input.schema.json").toFile()));
  }

  @Test
  void aConfigurationOnlyTheConnectorRefusesEndsInErrorWithItsMessage() throws Exception {
    AdapterClient client = startWithTheSourceConnector();
    ObjectNode config = EnergyOutputs.exampleConfiguration().deepCopy();
    ((ObjectNode) config.path("generators").path(0)).put("marginalCost", 5000);

    AdapterClientException.RunFailed failed =
        catchThrowableOfType(
            AdapterClientException.RunFailed.class, () -> client.execute(config, DEADLINE));

    assertThat(failed.reason())
        .contains("the energy connector exited 2")
        .contains("error: invalid input: /generators/0/marginalCost");
  }

  @Test
  void thePackagedConnectorAndSchemasAreUsedByDefaultAndAStoreDirAddsThePath() throws Exception {
    Path store = tmp.resolve("store");
    EnergyAdapter.Settings settings =
        EnergyAdapter.Settings.fromEnvironment(
            Map.of("ENERGY_PYTHON", EnergyOutputs.PYTHON, "ENERGY_STORE_DIR", store.toString()));
    assertThat(settings.connector().startsWith(EnergyOutputs.moduleDir())).isFalse();
    assertThat(settings.connector().resolveSibling("schemas/output.schema.json")).exists();
    AdapterClient client = start(settings);

    JsonNode result = client.execute(EnergyOutputs.exampleConfiguration(), DEADLINE);

    Path stored = Path.of(result.path("path").asText());
    assertThat(stored).startsWith(store).exists();
    ObjectNode withoutPath = result.deepCopy();
    withoutPath.remove("path");
    assertThat(EnergyOutputs.MAPPER.readTree(stored.toFile())).isEqualTo(withoutPath);
    EnergyOutputs.assertExampleOutput(withoutPath);
  }

  @Test
  void theAdapterAndTheConnectorRunDirectlyGiveTheSameOutput() throws Exception {
    JsonNode viaAdapter =
        startWithTheSourceConnector().execute(EnergyOutputs.exampleConfiguration(), DEADLINE);

    Path input = tmp.resolve("inputFile.json");
    EnergyOutputs.MAPPER.writeValue(input.toFile(), EnergyOutputs.exampleConfiguration());
    Path out = tmp.resolve("direct");
    Process p =
        new ProcessBuilder(
                EnergyOutputs.PYTHON,
                EnergyOutputs.connector().toString(),
                "--input",
                input.toString(),
                "--output-dir",
                out.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("direct.log").toFile())
            .start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("direct.log"))).isZero();

    assertThat(viaAdapter)
        .isEqualTo(EnergyOutputs.MAPPER.readTree(out.resolve("data.json").toFile()));
  }
}
