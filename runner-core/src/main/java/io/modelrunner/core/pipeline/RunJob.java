package io.modelrunner.core.pipeline;

import io.modelrunner.api.ModelRef;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ModelLaunch;
import java.util.Objects;

/**
 * One (request, model) job.
 *
 * @param request the whole run request, as received
 * @param model the model of {@code request.models()} this job runs
 * @param launch how to run it (from the models catalog, or the request's {@code imageURL})
 * @param limits its sandbox and deadline
 * @param cancellation cancels the job (shared by the jobs of one request)
 */
public record RunJob(
    RunRequestDocument request,
    ModelRef model,
    ModelLaunch launch,
    ExecutionLimits limits,
    Cancellation cancellation) {

  public RunJob {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(launch, "launch");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(cancellation, "cancellation");
  }
}
