package io.modelrunner.core.pipeline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.core.pipeline.FailureReason.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A cancel signal shared by the jobs of a run: {@link #cancel()} kills a running model at once and
 * stops jobs that have not reached their model yet. The signal carries the reason the jobs fail
 * with: a person's cancel is {@link Kind#CANCELLED}, but a watchdog that enforces a deadline may
 * cancel with {@link Kind#TIMEOUT}. Thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class Cancellation {
  /** The reason of {@link #cancel()}. */
  public static final FailureReason CANCELLED =
      FailureReason.of(Kind.CANCELLED, "the run was cancelled");

  private final List<Runnable> listeners = new ArrayList<>();
  private FailureReason reason;

  /** A signal nobody has raised yet (as {@link #none()}). */
  public Cancellation() {}

  /** A signal nobody has raised yet. */
  public static Cancellation none() {
    return new Cancellation();
  }

  /** Raises the signal with the reason {@link #CANCELLED}. Same as {@code cancel(CANCELLED)}. */
  public void cancel() {
    cancel(CANCELLED);
  }

  /**
   * Raises the signal; runs every registered action once. Only the first call counts: later calls
   * change neither the reason nor anything else.
   *
   * @param why what the cancelled jobs fail with (its kind and message; e.g. {@code
   *     FailureReason.of(Kind.TIMEOUT, "the run exceeded its deadline of 10m in stage execute")})
   */
  public void cancel(FailureReason why) {
    Objects.requireNonNull(why, "why");
    List<Runnable> toRun;
    synchronized (this) {
      if (reason != null) {
        return;
      }
      reason = why;
      toRun = List.copyOf(listeners);
      listeners.clear();
    }
    toRun.forEach(Runnable::run);
  }

  public synchronized boolean isCancelled() {
    return reason != null;
  }

  /** The reason of the first cancel; empty while not cancelled. */
  public synchronized Optional<FailureReason> reason() {
    return Optional.ofNullable(reason);
  }

  /**
   * Runs {@code action} on cancel, or at once when already cancelled. Close the returned
   * registration when the action no longer applies.
   */
  public Registration onCancel(Runnable action) {
    synchronized (this) {
      if (reason == null) {
        listeners.add(action);
        return () -> {
          synchronized (Cancellation.this) {
            listeners.remove(action);
          }
        };
      }
    }
    action.run();
    return () -> {};
  }

  /** Removes a cancel action. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
