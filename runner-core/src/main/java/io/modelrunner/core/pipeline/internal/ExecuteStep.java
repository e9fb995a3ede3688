package io.modelrunner.core.pipeline.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.internal.LogTail;
import io.modelrunner.core.pipeline.Cancellation;
import io.modelrunner.core.pipeline.FailureReason;
import io.modelrunner.core.pipeline.FailureReason.Kind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * Runs the model on the engine (or reattaches to the execution a previous runner process started)
 * and waits for it; a cancel kills it at once. Any outcome but success ends the job with a reason
 * naming the kind, the exit code and the log's last lines; a cancelled execution fails with the
 * cancellation's own reason (its kind and message), keeping the exit code and log tail.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ExecuteStep {
  private final ModelEngine engine;

  public ExecuteStep(ModelEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /**
   * Starts the model and waits for it.
   *
   * @param started told the execution's id once the engine started it
   */
  public ExecutionOutcome execute(
      ExecutionRequest request,
      ModelIdentity identity,
      Cancellation cancellation,
      Consumer<String> started)
      throws StepFailure, InterruptedException {
    ModelExecution execution;
    try {
      execution = engine.start(request, identity);
    } catch (EngineException e) {
      throw new StepFailure(
          Kind.PLATFORM_ERROR,
          "the " + engine.name() + " engine could not start the model: " + e.getMessage());
    }
    return await(execution, request, cancellation, started);
  }

  /**
   * Reattaches to the execution of {@code request.runId()} that a previous runner process started,
   * and waits for it.
   *
   * @param started told the execution's id once reattached
   * @throws StepFailure a platform error when the engine no longer has the execution or cannot be
   *     asked; else as {@link #execute}
   */
  public ExecutionOutcome resume(
      ExecutionRequest request,
      ModelIdentity identity,
      Cancellation cancellation,
      Consumer<String> started)
      throws StepFailure, InterruptedException {
    Optional<ModelExecution> execution;
    try {
      execution = engine.reattach(request, identity);
    } catch (EngineException e) {
      throw new StepFailure(
          Kind.PLATFORM_ERROR,
          "the "
              + engine.name()
              + " engine could not reattach to the model of run "
              + request.runId()
              + ": "
              + e.getMessage());
    }
    if (execution.isEmpty() && "process".equals(identity.engine())) {
      throw new StepFailure(
          Kind.PLATFORM_ERROR,
          "the process model of run "
              + request.runId()
              + " cannot be resumed: the runner stopped while it ran, and a local process cannot"
              + " be reattached (its output went to the stopped runner), so it was killed");
    }
    if (execution.isEmpty()) {
      throw new StepFailure(
          Kind.PLATFORM_ERROR,
          "the container of run "
              + request.runId()
              + " is gone: the runner stopped while the model ran and the engine no longer has"
              + " it");
    }
    return await(execution.get(), request, cancellation, started);
  }

  private static ExecutionOutcome await(
      ModelExecution execution,
      ExecutionRequest request,
      Cancellation cancellation,
      Consumer<String> started)
      throws StepFailure, InterruptedException {
    started.accept(execution.id());
    ExecutionOutcome outcome;
    try (Cancellation.Registration ignored = cancellation.onCancel(execution::cancel)) {
      outcome = execution.await();
    } catch (InterruptedException e) {
      execution.cancel();
      throw e;
    }
    if (outcome.succeeded()) {
      return outcome;
    }
    List<String> tail =
        outcome.logTail().isEmpty()
            ? LogTail.read(request.workspace().containerLog(), LogTail.DEFAULT_LINES)
            : outcome.logTail();
    Optional<FailureReason> cancelled =
        outcome.kind() == ExecutionOutcome.Kind.CANCELLED
            ? cancellation.reason()
            : Optional.empty();
    throw new StepFailure(
        new FailureReason(
            cancelled.map(FailureReason::kind).orElseGet(() -> kindOf(outcome)),
            cancelled.map(FailureReason::message).orElseGet(() -> messageOf(outcome)),
            outcome.exitCode(),
            tail,
            List.of()));
  }

  private static Kind kindOf(ExecutionOutcome outcome) {
    return switch (outcome.kind()) {
      case MODEL_ERROR -> Kind.MODEL_ERROR;
      case TIMED_OUT -> Kind.TIMEOUT;
      case OUT_OF_MEMORY -> Kind.OUT_OF_MEMORY;
      case CANCELLED -> Kind.CANCELLED;
      case PLATFORM_ERROR -> Kind.PLATFORM_ERROR;
      case SUCCEEDED -> throw new IllegalArgumentException("not a failure");
    };
  }

  private static String messageOf(ExecutionOutcome outcome) {
    if (!outcome.detail().isEmpty()) {
      return outcome.detail();
    }
    return switch (outcome.kind()) {
      case MODEL_ERROR -> "the model exited with code " + outcome.exitCode();
      case TIMED_OUT -> "the model exceeded its deadline";
      case OUT_OF_MEMORY -> "the model exceeded its memory limit";
      case CANCELLED -> "the run was cancelled";
      default -> "the engine failed while the model ran";
    };
  }
}
