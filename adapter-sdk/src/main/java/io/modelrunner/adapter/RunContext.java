package io.modelrunner.adapter;

import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * What {@link ModelAdapter#run(RunContext)} gets: the run's id and configuration, a working
 * directory, a way to report progress (shown by {@code /status/{id}}) and to see whether the run
 * was cancelled.
 *
 * <p>Cancellation ({@code /remove} or eviction) reaches the model three ways: {@link
 * #reportProgress(String)} throws {@link RunCancelledException}, {@link #isCancelled()} turns true,
 * and the worker thread is interrupted. A model may stop by letting the exception propagate, by
 * returning when {@link #isCancelled()} is true (what it returns is discarded), or by letting an
 * {@link InterruptedException} propagate.
 *
 * @param <C> the configuration type
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public interface RunContext<C> {

  /**
   * The run's id, as the lifecycle endpoints name it.
   *
   * @return the id
   */
  String modelRunId();

  /**
   * The configuration that {@code /initialize} accepted for this run.
   *
   * @return the configuration
   */
  C config();

  /**
   * A directory of this run's own, created by the SDK before {@code run} is called and deleted with
   * everything in it when the run is removed or evicted (after {@link
   * ModelAdapter#onRemove(String)}), so results that point into it stay readable until then. It
   * lies under {@link AdapterConfig#workRoot()} (a temporary directory by default).
   *
   * @return the run's existing, empty-at-start working directory
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
  Path workDir();

  /**
   * Reports progress; {@code /status/{id}} shows the latest as {@code result.progress}.
   *
   * @param progress a short text, e.g. {@code "day 40 of 100"}
   * @throws RunCancelledException when the run was cancelled: let it propagate to stop the model
   */
  void reportProgress(String progress);

  /**
   * Whether {@code /remove} (or eviction) cancelled the run; the thread is interrupted too.
   *
   * @return true once cancelled
   */
  boolean isCancelled();
}
