package io.modelrunner.core.engine;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One model to run.
 *
 * @param runId the run's id, unique per (request, model); becomes a container label
 * @param launch how to run the model
 * @param workspace the run's input, output and log folders
 * @param limits resource limits, deadline, log cap and sandbox settings
 * @param labels extra labels for the container (the engine adds the run id and runner labels)
 */
@API(status = MAINTAINED, since = "0.1.0")
public record ExecutionRequest(
    String runId,
    ModelLaunch launch,
    Workspace workspace,
    ExecutionLimits limits,
    Map<String, String> labels) {

  public ExecutionRequest {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(launch, "launch");
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(limits, "limits");
    labels = Map.copyOf(labels == null ? Map.of() : labels);
  }
}
