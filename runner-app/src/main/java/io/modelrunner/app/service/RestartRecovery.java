package io.modelrunner.app.service;

import io.modelrunner.core.logging.LogContext;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, before the queue runs: removes what a crashed process of this node left on the engine,
 * makes this node's runs from before the restart due again (they are reclaimed and resumed as they
 * are picked), and repairs queue entries lost by older versions.
 */
final class RestartRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(RestartRecovery.class);

  private final RunStore store;
  private final RunQueue queue;
  private final QueueEntries entries;
  private final OrphanReaper reaper;
  private final String nodeId;

  RestartRecovery(
      RunStore store, RunQueue queue, QueueEntries entries, OrphanReaper reaper, String nodeId) {
    this.store = Objects.requireNonNull(store, "store");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.entries = Objects.requireNonNull(entries, "entries");
    this.reaper = Objects.requireNonNull(reaper, "reaper");
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
  }

  void recover() {
    List<StoredRun> owned = store.running(nodeId);
    Set<String> live = new HashSet<>();
    owned.forEach(run -> live.add(run.runId()));
    reaper.reapAtStart(live);
    int revived = queue.reviveOwn();
    for (StoredRun run : owned) {
      try (LogContext.Scope scope =
          LogContext.forRun(run.runId(), run.modelSlug(), run.requestId())) {
        LOG.info(
            "resuming run {} (model {}) from stage {} after a restart",
            run.runId(),
            run.modelSlug(),
            RunPicker.stageOf(run.stage()).wireName());
      }
      entries.enqueue(run); // no-op when its entry exists (revived above)
    }
    if (revived > 0) {
      LOG.info("{} queue entr(ies) this node had picked before it stopped are due again", revived);
    }
    for (StoredRun run : store.queued()) {
      entries.enqueue(run); // no-op for runs already queued; repairs entries lost by older versions
    }
  }
}
