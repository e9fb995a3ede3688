package io.modelrunner.core.engine.fake;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionOutcome.Kind;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.OutcomeFuture;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * An execution of a {@link FakeEngine}: it runs until its behaviour or the test {@linkplain #end
 * ends} it, it is {@linkplain #cancel() cancelled}, its deadline passes (TIMED_OUT) or the engine
 * closes (PLATFORM_ERROR). The first ending wins. Thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class FakeExecution implements ModelExecution {
  private final String id;
  private final ExecutionRequest request;
  private final long startNanos = System.nanoTime();
  private final OutcomeFuture outcome = new OutcomeFuture("the fake execution");
  private final Consumer<FakeExecution> onEnd;
  private volatile ExecutionOutcome whenCancelled;
  private volatile boolean cancelled;
  private volatile boolean interruptAwait;
  private final AtomicBoolean ending = new AtomicBoolean();

  FakeExecution(String id, ExecutionRequest request, Consumer<FakeExecution> onEnd) {
    this.id = Objects.requireNonNull(id, "id");
    this.request = Objects.requireNonNull(request, "request");
    this.onEnd = onEnd;
  }

  @Override
  public String id() {
    return id;
  }

  /** The request it was started (or reattached) with. */
  public ExecutionRequest request() {
    return request;
  }

  /**
   * Ends it with {@code result}; false when it had ended already (the first ending stays). The
   * engine forgets it before a waiter sees the outcome, as a real engine releases what ran the
   * model first.
   */
  public boolean end(ExecutionOutcome result) {
    Objects.requireNonNull(result, "result");
    if (!ending.compareAndSet(false, true)) {
      return false;
    }
    try {
      onEnd.accept(this);
    } finally {
      outcome.complete(result);
    }
    return true;
  }

  /**
   * The outcome a {@link #cancel()} gives (by default CANCELLED, no exit code, detail {@code
   * cancelled}), e.g. one with the exit code and log tail of a killed container.
   */
  public FakeExecution whenCancelled(ExecutionOutcome result) {
    this.whenCancelled = Objects.requireNonNull(result, "result");
    return this;
  }

  /**
   * Makes every {@code await} throw {@link InterruptedException}, as when the runner's thread is
   * interrupted while it waits for the model.
   */
  public FakeExecution interruptAwait() {
    this.interruptAwait = true;
    return this;
  }

  /** Whether {@link #cancel()} was called. */
  public boolean cancelled() {
    return cancelled;
  }

  /** Whether it has ended (or is ending). */
  public boolean ended() {
    return ending.get();
  }

  /** How long since it started. */
  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  @Override
  public ExecutionOutcome await() throws InterruptedException {
    if (interruptAwait) {
      throw new InterruptedException("simulated interrupt while waiting for the model");
    }
    return outcome.await();
  }

  @Override
  public Optional<ExecutionOutcome> await(Duration timeout) throws InterruptedException {
    if (interruptAwait) {
      throw new InterruptedException("simulated interrupt while waiting for the model");
    }
    return outcome.await(timeout);
  }

  /** Ends it with the {@linkplain #whenCancelled cancel outcome} unless it had ended. */
  @Override
  public void cancel() {
    cancelled = true;
    ExecutionOutcome result = whenCancelled;
    end(
        result != null
            ? result
            : new ExecutionOutcome(Kind.CANCELLED, null, elapsed(), "cancelled", List.of()));
  }
}
