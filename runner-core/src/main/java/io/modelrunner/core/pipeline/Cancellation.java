package io.modelrunner.core.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * A cancel signal shared by the jobs of a run: {@link #cancel()} kills a running model at once and
 * stops jobs that have not reached their model yet. Thread-safe.
 */
public final class Cancellation {
  private final List<Runnable> listeners = new ArrayList<>();
  private boolean cancelled;

  /** A signal nobody has raised yet. */
  public static Cancellation none() {
    return new Cancellation();
  }

  /** Raises the signal; runs every registered action once. Idempotent. */
  public void cancel() {
    List<Runnable> toRun;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      toRun = List.copyOf(listeners);
      listeners.clear();
    }
    toRun.forEach(Runnable::run);
  }

  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /**
   * Runs {@code action} on cancel, or at once when already cancelled. Close the returned
   * registration when the action no longer applies.
   */
  public Registration onCancel(Runnable action) {
    synchronized (this) {
      if (!cancelled) {
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
