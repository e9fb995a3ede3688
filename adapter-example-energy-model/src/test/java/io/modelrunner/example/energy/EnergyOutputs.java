package io.modelrunner.example.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.SchemaValidator;
import java.nio.file.Path;

/** The module's schemas and example, and the checks every energy output must pass. */
final class EnergyOutputs {
  static final ObjectMapper MAPPER = JsonMappers.standard();
  static final String PYTHON = System.getProperty("python", "python3");

  private EnergyOutputs() {}

  static Path moduleDir() {
    return Path.of(System.getProperty("module.dir", ".")).toAbsolutePath();
  }

  static Path examplesDir() {
    return Path.of(System.getProperty("examples.dir", "../examples")).toAbsolutePath();
  }

  static Path connector() {
    return moduleDir().resolve("src/main/python/connector.py");
  }

  static JsonSchema inputSchema() {
    return new SchemaValidator(MAPPER).load(moduleDir().resolve("schemas/input.schema.json"));
  }

  static JsonSchema outputSchema() {
    return new SchemaValidator(MAPPER).load(moduleDir().resolve("schemas/output.schema.json"));
  }

  static JsonNode exampleRequest() throws Exception {
    return MAPPER.readTree(examplesDir().resolve("energy-request.json").toFile());
  }

  static JsonNode exampleConfiguration() throws Exception {
    return exampleRequest().path("configuration");
  }

  /**
   * The example's output: valid against the energy output schema (networknt, a second validator
   * besides the connector's own), 24 hours, energy balanced each hour and totals that add up.
   */
  static void assertExampleOutput(JsonNode out) {
    assertThat(outputSchema().validate(out)).isEmpty();
    assertThat(out.path("horizonHours").asInt()).isEqualTo(24);
    assertThat(out.path("hours")).hasSize(24);
    double cost = 0;
    double unserved = 0;
    for (JsonNode hour : out.path("hours")) {
      double produced = 0;
      for (JsonNode mw : hour.path("dispatch")) {
        produced += mw.doubleValue();
      }
      assertThat(produced + hour.path("unserved").doubleValue())
          .as("energy balance in hour %s", hour.path("hour"))
          .isCloseTo(hour.path("demand").doubleValue(), within(1e-9));
      if (hour.path("unserved").doubleValue() > 0) {
        assertThat(hour.path("price").doubleValue()).isEqualTo(3000.0);
        assertThat(hour.path("marginalUnit").isNull()).isTrue();
      }
      cost += hour.path("cost").doubleValue();
      unserved += hour.path("unserved").doubleValue();
    }
    JsonNode totals = out.path("totals");
    assertThat(totals.path("cost").doubleValue()).isCloseTo(cost, within(1e-6));
    assertThat(totals.path("unserved").doubleValue()).isCloseTo(unserved, within(1e-9));
    assertThat(unserved).as("the example's evening peak is short").isPositive();
  }
}
