package io.modelrunner.example.energy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.api.schema.ValidationError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The energy input schema read by the runner's validator (networknt): it accepts the example and
 * refuses, at the same JSON pointer, the inputs the connector's own checker refuses (see {@code
 * test_connector.py}); the adapter serves the same files as the module's {@code schemas/}.
 */
class EnergySchemasTest {

  @Test
  void theExampleConfigurationMatchesTheInputSchemaAlsoWithTheOrchestratorsBasePath()
      throws Exception {
    ObjectNode config = EnergyOutputs.exampleConfiguration().deepCopy();
    assertThat(EnergyOutputs.inputSchema().validate(config)).isEmpty();
    // MultiModelling/Model-Orchestrator dags/modules/handlers/rest_handler.py adds base_path to
    // every initialize body.
    config.put("base_path", "user=1/");
    assertThat(EnergyOutputs.inputSchema().validate(config)).isEmpty();
  }

  @Test
  void theInputSchemaRefusesWhatTheConnectorRefusesNamingTheSamePointer() throws Exception {
    record Case(Consumer<ObjectNode> change, String pointer) {}
    List<Case> cases =
        List.of(
            new Case(c -> c.put("region", "NL"), "/region"),
            new Case(c -> c.remove("demand"), "/demand"),
            new Case(c -> generator(c, 0).put("capacity", -1), "/generators/0/capacity"),
            new Case(
                c -> ((ArrayNode) generator(c, 1).path("availability")).set(3, 1.5),
                "/generators/1/availability/3"),
            new Case(c -> c.put("valueOfLostLoad", "3000"), "/valueOfLostLoad"),
            new Case(c -> c.put("valueOfLostLoad", 0), "/valueOfLostLoad"),
            new Case(c -> c.put("horizonHours", 2.5), "/horizonHours"),
            new Case(c -> generator(c, 2).put("fuel", "gas"), "/generators/2/fuel"),
            new Case(c -> c.putArray("generators"), "/generators"),
            new Case(c -> generator(c, 0).put("name", "a/b"), "/generators/0/name"));
    for (Case c : cases) {
      ObjectNode config = EnergyOutputs.exampleConfiguration().deepCopy();
      c.change().accept(config);
      List<ValidationError> errors = EnergyOutputs.inputSchema().validate(config);
      assertThat(errors)
          .as("%s", c.pointer())
          .extracting(ValidationError::pointer)
          .contains(c.pointer());
    }
  }

  @Test
  void theAdapterServesTheModulesSchemaFiles() throws Exception {
    assertThat(read(EnergyAdapter.inputSchema().toURL()))
        .isEqualTo(
            Files.readString(EnergyOutputs.moduleDir().resolve("schemas/input.schema.json")));
    assertThat(read(EnergyAdapter.outputSchema().toURL()))
        .isEqualTo(
            Files.readString(EnergyOutputs.moduleDir().resolve("schemas/output.schema.json")));
    assertThat(
            new EnergyAdapter(
                    new EnergyAdapter.Settings(
                        "python3", Path.of("connector.py"), Duration.ofMinutes(1), null))
                .configSchema())
        .contains(EnergyAdapter.inputSchema());
  }

  private static ObjectNode generator(ObjectNode config, int index) {
    return (ObjectNode) config.path("generators").path(index);
  }

  private static String read(java.net.URL url) throws Exception {
    try (var in = url.openStream()) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
