package io.modelrunner.example.energy;

import io.modelrunner.api.json.JsonMappers;
import java.io.IOException;
import java.nio.file.Path;

/** The repository's examples the energy connector's conformance tests use. */
final class EnergyExamples {
  private EnergyExamples() {}

  static Path catalog() {
    return dir().resolve("models.json");
  }

  /** The {@code configuration} of {@code examples/energy-request.json}, as JSON text. */
  static String configuration() throws IOException {
    var mapper = JsonMappers.standard();
    return mapper.writeValueAsString(
        mapper.readTree(dir().resolve("energy-request.json").toFile()).get("configuration"));
  }

  private static Path dir() {
    return Path.of(System.getProperty("examples.dir", "../examples"));
  }
}
