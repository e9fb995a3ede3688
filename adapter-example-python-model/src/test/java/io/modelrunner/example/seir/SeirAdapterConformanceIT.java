package io.modelrunner.example.seir;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.adapter.AdapterConfig;
import io.modelrunner.adapter.AdapterServer;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.conformance.adapter.AdapterTarget;
import io.modelrunner.testkit.AdapterConformance;
import io.modelrunner.testkit.AdapterUnderTest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The SEIR adapter, as packaged, through every clause of docs/adapter-api.md with the example
 * request's configuration; the model is the real Python connector. SEIR serves no config schema, so
 * A-ERR-422 is skipped.
 */
// snippet:adapter-conformance
class SeirAdapterConformanceIT extends AdapterConformance {
  @Override
  protected AdapterUnderTest adapter() throws IOException {
    Path example = Path.of(System.getProperty("examples.dir", "../examples"), "request.json");
    JsonNode configuration = JsonMappers.standard().readTree(example.toFile()).get("configuration");
    SeirAdapter adapter =
        new SeirAdapter(
            SeirAdapter.Settings.fromEnvironment(
                Map.of("SEIR_PYTHON", System.getProperty("python", "python3"))));
    AdapterServer server =
        AdapterServer.start(adapter, AdapterConfig.builder().host("127.0.0.1").port(0).build());
    return AdapterUnderTest.started(
        new AdapterTarget(
            server.rootUri(),
            server.config().basePath(),
            Optional.of(configuration.toString()),
            Duration.ofMinutes(2)),
        server);
  }
}
// end-snippet:adapter-conformance
