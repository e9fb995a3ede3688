package io.modelrunner.core.pipeline;

import java.time.Duration;

/**
 * Hears a job's progress; called from the job's thread. Implementations must be thread-safe when
 * several jobs run in parallel, and must not throw.
 */
public interface ProgressListener {
  /** Hears nothing. */
  ProgressListener NONE = (slug, stage, sinceJobStart) -> {};

  /** Job {@code modelSlug} entered {@code stage}, {@code sinceJobStart} after it began. */
  void stageStarted(String modelSlug, Stage stage, Duration sinceJobStart);

  /** Job {@code result.modelSlug()} ended. */
  default void finished(RunResult result) {}
}
