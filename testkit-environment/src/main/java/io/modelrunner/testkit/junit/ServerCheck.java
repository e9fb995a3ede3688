package io.modelrunner.testkit.junit;

import java.util.Optional;

/**
 * Finds out whether a server or tool a test needs is there. Implementations have a no-argument
 * constructor; {@link RequiresServer} runs each once per test run.
 */
@FunctionalInterface
public interface ServerCheck {
  /** Empty when it is there; otherwise what is missing and how to get it, in one line. */
  Optional<String> missing();
}
