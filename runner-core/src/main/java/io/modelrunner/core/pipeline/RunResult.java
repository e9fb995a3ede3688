package io.modelrunner.core.pipeline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.api.RunStatus;
import io.modelrunner.core.callback.CallbackDelivery;
import io.modelrunner.core.engine.ModelIdentity;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The record of one (request, model) job.
 *
 * @param modelSlug the model
 * @param runId the job's run id (a container label, the workspace folder's name)
 * @param status {@link RunStatus#COMPLETE} or {@link RunStatus#FAILED}
 * @param reason why it failed; null when complete
 * @param resultsLocation where {@code data.json} is stored; empty unless complete
 * @param exportLocation where the export zip is stored; empty unless complete
 * @param artifacts every stored object with its size and checksum (logs are stored on failure too)
 * @param identity exactly what ran (null when the model could not be prepared)
 * @param storePrefix the content-addressed key prefix {@code simulation-runs/<hash>} (null before
 *     the model was prepared)
 * @param timings how long each stage took, in order
 * @param callbacks the start and final callback deliveries, in order
 * @param warnings what was reported but did not fail the job (skipped symbolic links and special
 *     files in the output, logs that could not be stored)
 * @param keptWorkspace the workspace left on disk for debugging (keep-on-failure); else null
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record RunResult(
    String modelSlug,
    String runId,
    RunStatus status,
    FailureReason reason,
    String resultsLocation,
    String exportLocation,
    List<Artifact> artifacts,
    ModelIdentity identity,
    String storePrefix,
    List<StageTiming> timings,
    List<CallbackDelivery> callbacks,
    List<String> warnings,
    Path keptWorkspace) {

  public RunResult {
    Objects.requireNonNull(modelSlug, "modelSlug");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
    if (status == RunStatus.FAILED) {
      Objects.requireNonNull(reason, "a failed run needs a reason");
    }
    resultsLocation = resultsLocation == null ? "" : resultsLocation;
    exportLocation = exportLocation == null ? "" : exportLocation;
    artifacts = List.copyOf(artifacts == null ? List.of() : artifacts);
    timings = List.copyOf(timings == null ? List.of() : timings);
    callbacks = List.copyOf(callbacks == null ? List.of() : callbacks);
    warnings = List.copyOf(warnings == null ? List.of() : warnings);
  }

  public boolean completed() {
    return status == RunStatus.COMPLETE;
  }

  /** The artifact called {@code name} ({@code data.json}, {@code export.zip}, …). */
  public Optional<Artifact> artifact(String name) {
    return artifacts.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  /** The final callback's delivery, when one was attempted or skipped. */
  public Optional<CallbackDelivery> finalCallback() {
    return callbacks.stream().filter(c -> c.event().equals("final")).findFirst();
  }
}
