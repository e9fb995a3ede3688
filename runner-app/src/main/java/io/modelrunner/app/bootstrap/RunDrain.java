package io.modelrunner.app.bootstrap;

import io.modelrunner.app.service.RunService;
import java.time.Duration;

/**
 * The graceful end of the run service, stopped before the HTTP server so that clients can follow
 * the last runs: stops taking runs and lets running ones finish for {@code shutdown.grace}; how
 * many were left goes to {@link RunsLeft}.
 */
final class RunDrain implements Managed {
  private final RunService runs;
  private final Duration grace;
  private final RunsLeft left;
  private volatile boolean drained;

  RunDrain(RunService runs, Duration grace, RunsLeft left) {
    this.runs = runs;
    this.grace = grace;
    this.left = left;
  }

  @Override
  public void start() {}

  @Override
  public void stop() {
    left.set(runs.shutdown(grace));
    drained = true;
  }

  /** Whether {@link #stop()} ran. */
  boolean drained() {
    return drained;
  }
}
