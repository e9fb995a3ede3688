package io.modelrunner.app.service;

import io.modelrunner.api.ModelRef;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.catalog.ResolvedModel;
import io.modelrunner.core.logging.LogContext;
import io.modelrunner.core.pipeline.FailureReason;
import io.modelrunner.core.pipeline.Stage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node does with a run the queue gave it, on the queue's thread, which it holds until the
 * run ends: claims a new run and runs it, reclaims its own run from before a restart and resumes
 * it, or takes over a run whose node stopped heart-beating and runs it again or fails it as the
 * model's {@code onNodeLoss} says.
 *
 * <p>The run is reserved in this node's table of active runs first (so that no second execution of
 * it starts here), then claimed with a compare-and-set that increments its epoch (so that no other
 * node's execution can write it any more).
 */
final class RunPicker {
  private static final Logger LOG = LoggerFactory.getLogger(RunPicker.class);

  private final RunStore store;
  private final ModelsCatalog catalog;
  private final ActiveRuns active;
  private final RunExecutor executor;
  private final Clock clock;
  private final String nodeId;
  private final Duration nodeLease;

  /**
   * @param nodeLease how long a node may be silent before this one takes its runs over
   */
  RunPicker(
      RunStore store,
      ModelsCatalog catalog,
      ActiveRuns active,
      RunExecutor executor,
      Clock clock,
      String nodeId,
      Duration nodeLease) {
    this.store = Objects.requireNonNull(store, "store");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.active = Objects.requireNonNull(active, "active");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.nodeLease = Objects.requireNonNull(nodeLease, "nodeLease");
  }

  /** The stage a stored run had reached; a run that entered none is at the first. */
  static Stage stageOf(String wireName) {
    return wireName == null ? Stage.VALIDATE : Stage.fromWireName(wireName);
  }

  /**
   * Handles picked run {@code runId} and returns when this node's execution of it ended.
   *
   * @throws OwnerAliveException when another node that is alive owns the run (picked again later)
   */
  void onPicked(String runId) {
    StoredRun run = store.find(runId).orElse(null);
    if (run == null || run.state().isFinal()) {
      return;
    }
    if (run.state() == RunState.RUNNING && !nodeId.equals(run.nodeId())) {
      takeOver(run);
      return;
    }
    ActiveRun reserved = active.reserve(runId);
    if (reserved == null) {
      awaitActive(runId); // already ours and going: hold this slot until it ends
      return;
    }
    boolean fresh = run.state() == RunState.QUEUED;
    Optional<RunStore.Claim> claim =
        fresh
            ? store.claim(runId, nodeId, clock.instant())
            : store.reclaim(runId, nodeId, run.claimEpoch());
    if (claim.isEmpty()) {
      active.release(reserved); // another node (or execution) won it
      return;
    }
    if (fresh) {
      executor.run(reserved, claim.get());
    } else {
      executor.resume(reserved, claim.get(), stageOf(run.stage()));
    }
    awaitEnd(reserved);
  }

  private void takeOver(StoredRun run) {
    String lost = run.nodeId();
    Instant silentSince = clock.instant().minus(nodeLease);
    ActiveRun reserved = active.reserve(run.runId());
    if (reserved == null) {
      return;
    }
    Optional<RunStore.Claim> claim =
        store.takeOver(run.runId(), lost, run.claimEpoch(), nodeId, silentSince);
    if (claim.isEmpty()) {
      active.release(reserved);
      StoredRun now = store.find(run.runId()).orElse(null);
      if (now != null
          && now.state() == RunState.RUNNING
          && lost.equals(now.nodeId())
          && now.claimEpoch() == run.claimEpoch()) {
        throw new OwnerAliveException(
            "run " + run.runId() + " is owned by node " + lost + ", which is alive");
      }
      return; // ended, or moved to another node meanwhile
    }
    Stage reached = stageOf(run.stage());
    ResolvedModel.NodeLossPolicy policy =
        catalog.resolve(new ModelRef(run.modelSlug(), run.image())).onNodeLoss();
    try (LogContext.Scope scope =
        LogContext.forRun(run.runId(), run.modelSlug(), run.requestId())) {
      LOG.warn(
          "run {} (model {}): node {} was lost in stage {}; taking it over ({})",
          run.runId(),
          run.modelSlug(),
          lost,
          reached.wireName(),
          policy);
    }
    if (reached.compareTo(Stage.EXECUTE) < 0 || policy == ResolvedModel.NodeLossPolicy.RERUN) {
      executor.resume(reserved, claim.get(), Stage.VALIDATE); // never started, or may run again
    } else {
      executor.finishWithoutRunning(
          reserved,
          claim.get(),
          FailureReason.of(
              FailureReason.Kind.PLATFORM_ERROR,
              "node "
                  + lost
                  + " stopped heart-beating while the run was in stage "
                  + reached.wireName()
                  + "; the model's onNodeLoss policy is fail"));
    }
    awaitEnd(reserved);
  }

  /** Holds the queue's thread until {@code reserved} ended (or the queue stops). */
  private static void awaitEnd(ActiveRun reserved) {
    try {
      while (!reserved.awaitEnd(Duration.ofHours(1))) {
        // an execution may run for days; go on waiting
      }
    } catch (InterruptedException e) {
      // the queue stops: the execution goes on (or is abandoned) on its own thread
      Thread.currentThread().interrupt();
    }
  }

  /** Holds the queue's thread while this node's execution of {@code runId} goes on. */
  private void awaitActive(String runId) {
    ActiveRun running = active.get(runId);
    if (running == null) {
      return;
    }
    try {
      while (!running.awaitEnd(Duration.ofSeconds(1))) {
        if (active.abandoned()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
