package io.modelrunner.app.service;

import io.modelrunner.core.logging.LogContext;
import io.modelrunner.core.pipeline.FailureReason;
import io.modelrunner.core.pipeline.Stage;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels runs: a queued one ends at once (it never starts); a running one is flagged in the
 * database (so that the node executing it sees the flag) and, when it runs here, stopped now.
 */
final class RunCanceller {
  private static final Logger LOG = LoggerFactory.getLogger(RunCanceller.class);

  private final RunStore store;
  private final ActiveRuns active;
  private final QueuedRunEnder queued;

  RunCanceller(RunStore store, ActiveRuns active, QueuedRunEnder queued) {
    this.store = Objects.requireNonNull(store, "store");
    this.active = Objects.requireNonNull(active, "active");
    this.queued = Objects.requireNonNull(queued, "queued");
  }

  CancelOutcome cancel(String runId) {
    Optional<StoredRun> found = store.find(runId);
    if (found.isEmpty()) {
      return CancelOutcome.NOT_FOUND;
    }
    StoredRun run = found.get();
    if (run.state().isFinal()) {
      return CancelOutcome.ALREADY_ENDED;
    }
    if (run.state() == RunState.QUEUED
        && queued.end(
            run, FailureReason.of(FailureReason.Kind.CANCELLED, "cancelled while queued"))) {
      try (LogContext.Scope scope =
          LogContext.forRun(run.runId(), run.modelSlug(), run.requestId())) {
        LOG.info("run {} cancelled while queued", runId);
      }
      return CancelOutcome.CANCELLED_WHILE_QUEUED;
    }
    if (!store.flagCancel(runId)) {
      return CancelOutcome.ALREADY_ENDED;
    }
    ActiveRun running = active.get(runId);
    if (running != null) {
      Stage stage = running.stage;
      try (LogContext.Scope scope =
          LogContext.forRun(run.runId(), run.modelSlug(), run.requestId())) {
        LOG.info(
            "cancelling run {} in stage {}",
            runId,
            stage == null ? "(none yet)" : stage.wireName());
      }
      running.cancellation.cancel(
          FailureReason.of(FailureReason.Kind.CANCELLED, "the run was cancelled"));
    }
    return CancelOutcome.CANCELLING;
  }
}
