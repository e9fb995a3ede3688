package io.modelrunner.core.pipeline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.core.callback.CallbackDelivery;
import io.modelrunner.core.engine.ModelIdentity;
import java.time.Duration;
import org.apiguardian.api.API;

/**
 * Hears a job's progress; called from the job's thread, in the order things happen. Implementations
 * must be thread-safe when several jobs run in parallel, and should not throw: an exception thrown
 * by any method is logged and ignored, and never changes the job.
 *
 * <p>A service that records its jobs to resume them after a crash ({@link RunPipeline#resume})
 * records what {@link #stageStarted} (the stage reached), {@link #prepared} (the identity) and
 * {@link #executionStarted} tell.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public interface ProgressListener {
  /** Hears nothing. */
  ProgressListener NONE = (slug, stage, sinceJobStart) -> {};

  /** Job {@code modelSlug} entered {@code stage}, {@code sinceJobStart} after it began. */
  void stageStarted(String modelSlug, Stage stage, Duration sinceJobStart);

  /**
   * The prepare stage pinned exactly what will run, before the start callback is sent (or stored
   * results are reused). Not called when the model could not be prepared, nor when {@link
   * RunPipeline#resume} continues a job past its prepare stage.
   *
   * @param runId the job's run id
   * @param identity what runs: pass it to {@link RunPipeline#resume} after a crash
   * @param storePrefix the content-addressed key prefix {@code simulation-runs/<hash>} the results
   *     are stored under
   */
  default void prepared(
      String modelSlug, String runId, ModelIdentity identity, String storePrefix) {}

  /**
   * The engine started the model ({@code executionId}: the container id, or the process id), or
   * {@link RunPipeline#resume} reattached to the execution a previous runner process started. The
   * model may already have ended when this is called.
   */
  default void executionStarted(String modelSlug, String runId, String executionId) {}

  /**
   * A callback ({@code delivery.event()}: {@code start} or {@code final}) was delivered, failed
   * after its last attempt, or was not sent (no {@code callbackURL}, an invalid request): called
   * once for each delivery that {@link RunResult#callbacks()} records, in that order.
   */
  default void callbackSent(String modelSlug, String runId, CallbackDelivery delivery) {}

  /** Job {@code result.modelSlug()} ended. */
  default void finished(RunResult result) {}
}
