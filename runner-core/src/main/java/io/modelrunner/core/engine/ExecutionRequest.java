package io.modelrunner.core.engine;

import java.util.Map;
import java.util.Objects;

/**
 * One model to run.
 *
 * @param runId the run's id, unique per (request, model); becomes a container label
 * @param launch how to run the model
 * @param workspace the run's input, output and log folders
 * @param limits resource limits, deadline, log cap and sandbox settings
 * @param labels extra labels for the container (the engine adds the run id and runner labels)
 */
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
