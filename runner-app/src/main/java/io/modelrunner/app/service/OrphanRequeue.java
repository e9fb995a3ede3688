package io.modelrunner.app.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Watchdog task: queues again the runs this node owns (RUNNING, its node id) but does not execute —
 * their outcome could not be recorded, or their queue entry was lost — so that they are reclaimed
 * and resumed. A run is left alone for two watchdog intervals after it started, while its execution
 * may still be on its way.
 */
final class OrphanRequeue implements WatchdogTask {
  private final RunStore store;
  private final ActiveRuns active;
  private final QueueEntries queue;
  private final Clock clock;
  private final String nodeId;
  private final Duration settle;

  OrphanRequeue(
      RunStore store,
      ActiveRuns active,
      QueueEntries queue,
      Clock clock,
      String nodeId,
      Duration watchdogInterval) {
    this.store = Objects.requireNonNull(store, "store");
    this.active = Objects.requireNonNull(active, "active");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.settle = watchdogInterval.multipliedBy(2);
  }

  @Override
  public String name() {
    return "the orphan requeue";
  }

  @Override
  public void run() {
    Instant settled = clock.instant().minus(settle);
    for (StoredRun run : store.running(nodeId)) {
      if (!active.contains(run.runId())
          && run.startedAt() != null
          && run.startedAt().isBefore(settled)) {
        queue.enqueue(run);
      }
    }
  }
}
