package io.modelrunner.app.service;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's table of active runs (reserved or executing here), and whether the service abandoned
 * them (stopped past its grace: from then on they write nothing). Thread-safe.
 */
final class ActiveRuns {
  private final Map<String, ActiveRun> runs = new ConcurrentHashMap<>();
  private final Ticker ticker;
  private volatile boolean abandoned;

  ActiveRuns(Ticker ticker) {
    this.ticker = ticker;
  }

  /** Reserves {@code runId} on this node; null when this node is working on it already. */
  ActiveRun reserve(String runId) {
    ActiveRun reserved = new ActiveRun(runId, ticker::nanoTime);
    return runs.putIfAbsent(runId, reserved) == null ? reserved : null;
  }

  /** Ends the reservation of {@code reserved}, waking whoever waits for it. */
  void release(ActiveRun reserved) {
    runs.remove(reserved.runId, reserved);
    reserved.markEnded();
  }

  ActiveRun get(String runId) {
    return runs.get(runId);
  }

  boolean contains(String runId) {
    return runs.containsKey(runId);
  }

  int size() {
    return runs.size();
  }

  Collection<ActiveRun> all() {
    return runs.values();
  }

  Set<String> ids() {
    return Set.copyOf(runs.keySet());
  }

  /** Waits up to {@code grace} for every active run to end; returns how many were still active. */
  int awaitEnd(Duration grace) {
    long deadline = ticker.nanoTime() + grace.toNanos();
    for (ActiveRun run : List.copyOf(runs.values())) {
      try {
        long left = deadline - ticker.nanoTime();
        if (left <= 0 || !run.awaitEnd(Duration.ofNanos(left))) {
          break;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return runs.size();
  }

  /** The service stopped past its grace: the runs still active write nothing more. */
  void abandon() {
    abandoned = true;
  }

  boolean abandoned() {
    return abandoned;
  }
}
