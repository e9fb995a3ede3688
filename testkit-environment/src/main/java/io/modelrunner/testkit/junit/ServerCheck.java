package io.modelrunner.testkit.junit;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Finds out whether a server or tool a test needs is there. Implementations have a no-argument
 * constructor; {@link RequiresServer} runs each once per test run.
 */
@FunctionalInterface
@API(status = STABLE, since = "0.1.0")
public interface ServerCheck {
  /** Empty when it is there; otherwise what is missing and how to get it, in one line. */
  Optional<String> missing();
}
