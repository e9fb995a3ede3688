package io.modelrunner.testkit.engine;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apiguardian.api.API;

/** Waits on a condition, checking it often, up to a patience that holds on a loaded machine. */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class Conditions {
  /** How long a condition may take before the wait fails: generous, never a timing assertion. */
  public static final Duration PATIENCE = Duration.ofSeconds(60);

  private Conditions() {}

  /**
   * Returns once {@code condition} holds; fails with {@code what} after {@link #PATIENCE}.
   *
   * @param what the condition in words, for the failure ("the model started")
   */
  public static void await(String what, BooleanSupplier condition) throws InterruptedException {
    await(what, PATIENCE, condition);
  }

  /**
   * Returns once {@code condition} holds; fails with {@code what} after {@code patience}: for what
   * an outside system takes its own time to notice (a scheduler declaring a node lost).
   */
  public static void await(String what, Duration patience, BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("gave up after " + patience + " waiting until " + what);
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }
}
