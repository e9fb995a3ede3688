package io.modelrunner.distribution;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Waits for a condition by checking it again every 250 ms, up to a deadline. */
final class Await {
  private static final Duration PAUSE = Duration.ofMillis(250);

  private Await() {}

  /**
   * Returns the first value {@code check} gives, checking until {@code timeout} has passed.
   *
   * @throws AssertionError naming {@code what} and the last state {@code describe} gives
   */
  static <T> T until(
      String what, Duration timeout, Callable<Optional<T>> check, Callable<String> describe)
      throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Optional<T> value = check.call();
      if (value.isPresent()) {
        return value.get();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "waited " + timeout.toSeconds() + " s for " + what + "; last: " + describe.call());
      }
      Thread.sleep(PAUSE.toMillis());
    }
  }
}
