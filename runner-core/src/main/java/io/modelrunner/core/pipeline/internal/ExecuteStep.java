package io.modelrunner.core.pipeline.internal;

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

/**
 * Runs the model on the engine and waits for it; a cancel kills it at once. Any outcome but success
 * ends the job with a reason naming the kind, the exit code and the log's last lines.
 */
public final class ExecuteStep {
  private final ModelEngine engine;

  public ExecuteStep(ModelEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  public ExecutionOutcome run(
      ExecutionRequest request, ModelIdentity identity, Cancellation cancellation)
      throws StepFailure, InterruptedException {
    ModelExecution execution;
    try {
      execution = engine.start(request, identity);
    } catch (EngineException e) {
      throw new StepFailure(
          Kind.PLATFORM_ERROR,
          "the " + engine.name() + " engine could not start the model: " + e.getMessage());
    }
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
    throw new StepFailure(
        new FailureReason(
            kindOf(outcome), messageOf(outcome), outcome.exitCode(), tail, List.of()));
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
