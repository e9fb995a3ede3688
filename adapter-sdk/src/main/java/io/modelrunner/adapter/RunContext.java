package io.modelrunner.adapter;

/**
 * What {@link ModelAdapter#run(RunContext)} gets: the run's id and configuration, a way to report
 * progress (shown by {@code /status/{id}}) and to see whether the run was cancelled.
 *
 * @param <C> the configuration type
 */
public interface RunContext<C> {

  String modelRunId();

  /** The configuration that {@code /initialize} accepted for this run. */
  C config();

  /** Reports progress; {@code /status/{id}} shows the latest as {@code result.progress}. */
  void reportProgress(String progress);

  /** Whether {@code /remove} (or eviction) cancelled the run; the thread is interrupted too. */
  boolean isCancelled();
}
