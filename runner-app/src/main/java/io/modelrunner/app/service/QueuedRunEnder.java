package io.modelrunner.app.service;

import io.modelrunner.core.pipeline.FailureReason;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Ends a QUEUED run before it starts (cancelled, or past its queue deadline): reserves it here,
 * claims it for the ending, drops its queue entry and has it finished without running.
 */
final class QueuedRunEnder {
  private final RunStore store;
  private final ActiveRuns active;
  private final RunExecutor executor;
  private final QueueEntries queue;
  private final Clock clock;
  private final String nodeId;

  QueuedRunEnder(
      RunStore store,
      ActiveRuns active,
      RunExecutor executor,
      QueueEntries queue,
      Clock clock,
      String nodeId) {
    this.store = Objects.requireNonNull(store, "store");
    this.active = Objects.requireNonNull(active, "active");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
  }

  /**
   * Ends {@code run} with {@code reason} when it is still queued; false when it is not (picked,
   * ended, or being worked on here meanwhile).
   */
  boolean end(StoredRun run, FailureReason reason) {
    ActiveRun reserved = active.reserve(run.runId());
    if (reserved == null) {
      return false;
    }
    Optional<RunStore.Claim> claim = store.claimForCancel(run.runId(), nodeId, clock.instant());
    if (claim.isEmpty()) {
      active.release(reserved);
      return false;
    }
    queue.forget(run);
    executor.finishWithoutRunning(reserved, claim.get(), reason);
    return true;
  }
}
