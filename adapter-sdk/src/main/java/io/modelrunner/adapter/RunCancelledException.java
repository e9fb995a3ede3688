package io.modelrunner.adapter;

import org.apiguardian.api.API;

/**
 * Thrown by {@link RunContext#reportProgress(String)} once the run was cancelled ({@code /remove}
 * or eviction), so that a model that reports progress stops at its next report. Let it propagate
 * out of {@link ModelAdapter#run(RunContext)}: the SDK expects it and neither logs it nor records
 * the run as failed (the run is already gone). Unchecked, so that no signature has to name it.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class RunCancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The cancelled run's id. */
  private final String modelRunId;

  /**
   * A cancellation of run {@code modelRunId}.
   *
   * @param modelRunId the cancelled run's id
   */
  public RunCancelledException(String modelRunId) {
    super("model run " + modelRunId + " was cancelled");
    this.modelRunId = modelRunId;
  }

  /**
   * The cancelled run's id.
   *
   * @return the run's id
   */
  public String modelRunId() {
    return modelRunId;
  }
}
