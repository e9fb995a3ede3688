package io.modelrunner.testkit;

import static org.apiguardian.api.API.Status.STABLE;

import io.modelrunner.conformance.adapter.AdapterTarget;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The adapter an {@link AdapterConformance} test checks: where it is, and what stops it once the
 * check is done.
 *
 * @param target where the adapter listens, a configuration it accepts and how long a run may take
 * @param stop closed after the check, also when the check fails (e.g. the adapter's server)
 */
@API(status = STABLE, since = "0.1.0")
public record AdapterUnderTest(AdapterTarget target, AutoCloseable stop) implements AutoCloseable {
  public AdapterUnderTest {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(stop, "stop");
  }

  /** An adapter the test started: {@code stop} (e.g. an {@code AdapterServer}) ends it. */
  public static AdapterUnderTest started(AdapterTarget target, AutoCloseable stop) {
    return new AdapterUnderTest(target, stop);
  }

  /** An adapter that runs anyway (started by the build, or deployed): nothing to stop. */
  public static AdapterUnderTest running(AdapterTarget target) {
    return new AdapterUnderTest(target, () -> {});
  }

  @Override
  public void close() throws Exception {
    stop.close();
  }
}
