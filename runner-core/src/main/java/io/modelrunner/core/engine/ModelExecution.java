package io.modelrunner.core.engine;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import java.util.Optional;
import org.apiguardian.api.API;

/** A started model: wait for its outcome, or cancel it. Thread-safe. */
@API(status = STABLE, since = "0.1.0")
public interface ModelExecution {

  /** The engine's id for this execution (container id, process id). */
  String id();

  /**
   * Waits until the model has ended and everything it held is released (the container is removed,
   * the process and its children are gone), then returns the outcome. Never waits past the
   * request's deadline plus a short grace: at the deadline the model is killed and the outcome is
   * {@link ExecutionOutcome.Kind#TIMED_OUT}.
   */
  ExecutionOutcome await() throws InterruptedException;

  /** Like {@link #await()} but gives up after {@code timeout}; empty when still running. */
  Optional<ExecutionOutcome> await(Duration timeout) throws InterruptedException;

  /**
   * Kills the model at once; the outcome becomes {@link ExecutionOutcome.Kind#CANCELLED} unless it
   * had already ended. Idempotent; returns immediately.
   */
  void cancel();
}
