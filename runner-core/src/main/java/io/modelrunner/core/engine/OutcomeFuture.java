package io.modelrunner.core.engine;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apiguardian.api.API;

/**
 * The outcome of a {@link ModelExecution} that a background thread (a supervisor, a watcher, a
 * poller) completes once: the two {@code await} methods of every engine's execution over one
 * future. Thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class OutcomeFuture {
  private final CompletableFuture<ExecutionOutcome> future = new CompletableFuture<>();
  private final String completer;

  /**
   * @param completer what completes it, for the message when it failed instead ("the supervisor of
   *     container 3f2a…", "the process watcher")
   */
  public OutcomeFuture(String completer) {
    this.completer = Objects.requireNonNull(completer, "completer");
  }

  /** Sets the outcome; false when it was already set (the first one stays). */
  public boolean complete(ExecutionOutcome outcome) {
    return future.complete(Objects.requireNonNull(outcome, "outcome"));
  }

  /** The completer itself failed (an {@link Error}): every waiter gets it. */
  public void fail(Throwable failure) {
    future.completeExceptionally(failure);
  }

  public boolean isDone() {
    return future.isDone();
  }

  /** {@link ModelExecution#await()}. */
  public ExecutionOutcome await() throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw failed(e);
    }
  }

  /** {@link ModelExecution#await(Duration)}. */
  public Optional<ExecutionOutcome> await(Duration timeout) throws InterruptedException {
    try {
      return Optional.of(future.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      throw failed(e);
    }
  }

  private IllegalStateException failed(ExecutionException e) {
    return new IllegalStateException(completer + " failed", e.getCause());
  }
}
