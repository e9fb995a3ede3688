package io.modelrunner.app.service;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watchdog task, every minute: removes this node's containers (and process groups) whose run is
 * neither executing here nor RUNNING on this node — what an execution could not remove itself (the
 * engine was away when its model ended). At start, {@link #reapAtStart} removes what a crashed
 * process left.
 */
final class OrphanReaper implements WatchdogTask {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanReaper.class);

  /** How often the watchdog looks for orphans. */
  static final Duration INTERVAL = Duration.ofMinutes(1);

  private final RunStore store;
  private final ActiveRuns active;
  private final RunService.Recovery recovery;
  private final String nodeId;

  OrphanReaper(RunStore store, ActiveRuns active, RunService.Recovery recovery, String nodeId) {
    this.store = Objects.requireNonNull(store, "store");
    this.active = Objects.requireNonNull(active, "active");
    this.recovery = Objects.requireNonNull(recovery, "recovery");
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
  }

  @Override
  public String name() {
    return "the orphan reaper";
  }

  @Override
  public Duration period() {
    return INTERVAL;
  }

  @Override
  public Duration firstAfter() {
    return INTERVAL;
  }

  /** Removes the orphans of everything but {@code owned} (this node's runs before a restart). */
  void reapAtStart(Set<String> owned) {
    try {
      logReaped(recovery.reapOrphans(owned));
    } catch (RuntimeException e) {
      LOG.warn("cannot look for orphan containers: {}", e.getMessage());
    }
  }

  @Override
  public void run() {
    Set<String> live = new HashSet<>(active.ids());
    store.running(nodeId).forEach(run -> live.add(run.runId()));
    live.addAll(active.ids()); // a run that became active while the list was read
    try {
      logReaped(recovery.reapOrphans(live));
    } catch (RuntimeException e) {
      LOG.debug("cannot look for orphan containers: {}", e.getMessage());
    }
  }

  private static void logReaped(List<String> reaped) {
    if (!reaped.isEmpty()) {
      LOG.info("removed {} orphan container(s) of this node: {}", reaped.size(), reaped);
    }
  }
}
