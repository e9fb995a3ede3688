package ${package};

import io.modelrunner.adapter.AdapterServer;
import io.modelrunner.conformance.adapter.AdapterTarget;
import io.modelrunner.testkit.AdapterConformance;
import io.modelrunner.testkit.AdapterUnderTest;
import java.time.Duration;
import java.util.Optional;

/**
 * The adapter, started on a free port, through every clause of model-runner's adapter API (one
 * test per clause). The configuration is one the model runs to the end.
 */
class GrowthAdapterConformanceTest extends AdapterConformance {
  private static final String CONFIGURATION = "{\"initial\": 100, \"rate\": 0.05, \"days\": 30}";

  @Override
  protected AdapterUnderTest adapter() {
    AdapterServer server =
        AdapterServer.start(new GrowthAdapter(), "--host", "127.0.0.1", "--port", "0");
    return AdapterUnderTest.started(
        new AdapterTarget(
            server.rootUri(),
            server.config().basePath(),
            Optional.of(CONFIGURATION),
            Duration.ofMinutes(1)),
        server);
  }
}
