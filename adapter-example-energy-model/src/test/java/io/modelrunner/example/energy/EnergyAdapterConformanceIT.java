package io.modelrunner.example.energy;

import io.modelrunner.adapter.AdapterConfig;
import io.modelrunner.adapter.AdapterServer;
import io.modelrunner.conformance.adapter.AdapterTarget;
import io.modelrunner.testkit.AdapterConformance;
import io.modelrunner.testkit.AdapterUnderTest;
import java.time.Duration;
import java.util.Optional;

/**
 * The energy adapter through every clause of docs/adapter-api.md with the example configuration;
 * the model is the real Python connector, and the adapter serves the model's input schema as its
 * config schema, so A-ERR-422 is judged too.
 */
class EnergyAdapterConformanceIT extends AdapterConformance {
  private static final Duration DEADLINE = Duration.ofMinutes(2);

  @Override
  protected AdapterUnderTest adapter() throws Exception {
    String configuration = EnergyOutputs.exampleConfiguration().toString();
    AdapterServer server =
        AdapterServer.start(
            new EnergyAdapter(
                new EnergyAdapter.Settings(
                    EnergyOutputs.PYTHON, EnergyOutputs.connector(), DEADLINE, null)),
            AdapterConfig.builder().host("127.0.0.1").port(0).name("ENERGY").build());
    return AdapterUnderTest.started(
        new AdapterTarget(
            server.rootUri(), server.config().basePath(), Optional.of(configuration), DEADLINE),
        server);
  }
}
