package io.modelrunner.app.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Watchdog task: stops the executions here whose claim was taken over (or whose run ended
 * elsewhere); they write nothing more.
 */
final class ClaimCheck implements WatchdogTask {
  private final RunStore store;
  private final ActiveRuns active;
  private final String nodeId;

  ClaimCheck(RunStore store, ActiveRuns active, String nodeId) {
    this.store = Objects.requireNonNull(store, "store");
    this.active = Objects.requireNonNull(active, "active");
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
  }

  @Override
  public String name() {
    return "the claim check";
  }

  @Override
  public void run() {
    List<RunStore.Claim> claims = new ArrayList<>();
    for (ActiveRun run : active.all()) {
      RunStore.Claim claim = run.claim;
      if (claim != null && !run.lost) {
        claims.add(claim);
      }
    }
    for (RunStore.Claim lost : store.lost(claims)) {
      ActiveRun run = active.get(lost.runId());
      if (run != null && lost.equals(run.claim) && !run.recorded) {
        run.lose(
            "node "
                + nodeId
                + " lost its claim on run "
                + lost.runId()
                + " (it was taken over, or it ended); this execution stops");
      }
    }
  }
}
