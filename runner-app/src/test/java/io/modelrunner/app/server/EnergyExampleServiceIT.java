package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.app.bootstrap.RunnerServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The energy example through the service as README shows it: {@code examples/models.json}, whose
 * {@code energy} entry declares the model's own input and output schemas, and {@code POST
 * /api/runs} with {@code examples/energy-request.json}, on the process engine ({@code python3}).
 */
class EnergyExampleServiceIT {
  private static final ObjectMapper MAPPER = JsonMappers.standard();

  @TempDir static Path dir;
  static RunnerServer server;
  static Api api;

  static Path examples() {
    return Path.of(System.getProperty("examples.dir", "../examples")).toAbsolutePath();
  }

  static Path energySchema(String side) {
    return examples()
        .resolve("../adapter-example-energy-model/schemas/" + side + ".schema.json")
        .normalize();
  }

  @BeforeAll
  static void start() throws Exception {
    server =
        RunnerServer.start(
            ServiceIT.config(
                dir,
                examples().resolve("models.json"),
                Map.of(
                    "engine", "process", "node.id", "energy-it-" + ProcessHandle.current().pid())),
            System.getenv());
    api = new Api(server.baseUri(), server.apiToken());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theExampleRequestCompletesWithADataJsonValidAgainstTheEnergyOutputSchema() throws Exception {
    Api.Answer answer =
        api.post("/api/runs", Files.readString(examples().resolve("energy-request.json")));
    assertThat(answer.status()).as(answer.text()).isEqualTo(202);
    String runId = answer.json().path("runs").get(0).path("runId").asText();

    JsonNode run = api.awaitRun(runId, Api::ended, Duration.ofSeconds(60));

    assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("COMPLETE");
    JsonNode data =
        MAPPER.readTree(Path.of(URI.create(run.path("resultsLocation").asText())).toFile());
    assertThat(new SchemaValidator(MAPPER).load(energySchema("output")).validate(data)).isEmpty();
    for (JsonNode hour : data.path("hours")) {
      double produced = 0;
      for (JsonNode mw : hour.path("dispatch")) {
        produced += mw.doubleValue();
      }
      assertThat(produced + hour.path("unserved").doubleValue())
          .as("energy balance in hour %s", hour.path("hour"))
          .isCloseTo(hour.path("demand").doubleValue(), within(1e-9));
    }
    // The catalog's timeAxis (/hours/*/hour) names a number in every hour: the charts' x values.
    assertThat(data.path("hours")).isNotEmpty();
    for (int i = 0; i < data.path("hours").size(); i++) {
      assertThat(data.path("hours").get(i).path("hour").isNumber()).as("hour %s", i).isTrue();
    }
  }

  @Test
  void aConfigurationBreakingTheEnergyInputSchemaIs422NamingTheModelAndTheField() throws Exception {
    ObjectNode request =
        (ObjectNode) MAPPER.readTree(examples().resolve("energy-request.json").toFile());
    request.put("id", "energy-invalid");
    ((ObjectNode) request.path("configuration").path("generators").path(0)).put("capacity", -5);

    Api.Answer answer = api.post("/api/runs", MAPPER.writeValueAsString(request));

    assertThat(answer.status()).as(answer.text()).isEqualTo(422);
    JsonNode error = answer.json().path("errors").get(0);
    assertThat(error.path("pointer").asText()).isEqualTo("/configuration/generators/0/capacity");
    assertThat(error.path("message").asText()).contains("input schema of model energy");
  }

  @Test
  void theModelsListNamesTheEnergyModelsOwnSchemasAndServesThem() throws Exception {
    JsonNode models = api.get("/api/models").json().path("models");
    JsonNode energy = null;
    for (JsonNode m : models) {
      if (m.path("slug").asText().equals("energy")) {
        energy = m;
      }
    }
    assertThat(energy).as(models.toString()).isNotNull();
    assertThat(energy.path("timeAxis").asText()).isEqualTo("/hours/*/hour");
    for (String side : new String[] {"input", "output"}) {
      String href = energy.path(side).path("href").asText();
      Api.Answer schema = api.get(href);
      assertThat(schema.status()).as(href).isEqualTo(200);
      assertThat(schema.json()).isEqualTo(MAPPER.readTree(energySchema(side).toFile()));
    }
  }
}
