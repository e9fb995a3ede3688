package io.modelrunner.conformance.adapter;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Asks again, with growing pauses (10 ms doubling up to 500 ms), until done or a deadline. */
final class Polling {
  private static final Duration FIRST_PAUSE = Duration.ofMillis(10);
  private static final Duration LONGEST_PAUSE = Duration.ofMillis(500);

  private Polling() {}

  /**
   * The first answer that is {@code done}, or the last one at the deadline (or when interrupted:
   * the interrupt flag is kept).
   */
  static <T> T until(Supplier<T> call, Predicate<T> done, Instant deadline) {
    Duration pause = FIRST_PAUSE;
    T last = call.get();
    while (!done.test(last) && Instant.now().isBefore(deadline)) {
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return last;
      }
      pause =
          pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0
              ? LONGEST_PAUSE
              : pause.multipliedBy(2);
      last = call.get();
    }
    return last;
  }
}
