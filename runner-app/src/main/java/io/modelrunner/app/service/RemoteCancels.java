package io.modelrunner.app.service;

import io.modelrunner.core.pipeline.FailureReason;
import java.util.Objects;

/** Watchdog task: stops the runs executing here that were cancelled through another node's API. */
final class RemoteCancels implements WatchdogTask {
  private final RunStore store;
  private final ActiveRuns active;
  private final String nodeId;

  RemoteCancels(RunStore store, ActiveRuns active, String nodeId) {
    this.store = Objects.requireNonNull(store, "store");
    this.active = Objects.requireNonNull(active, "active");
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
  }

  @Override
  public String name() {
    return "the cancel flags";
  }

  @Override
  public void run() {
    for (String flagged : store.cancelFlagged(nodeId)) {
      ActiveRun running = active.get(flagged);
      if (running != null && !running.cancellation.isCancelled()) {
        running.cancellation.cancel(
            FailureReason.of(FailureReason.Kind.CANCELLED, "the run was cancelled"));
      }
    }
  }
}
