package io.modelrunner.app.service;

import io.modelrunner.app.db.DatabaseException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watchdog task: counts the runs by state and the callback events waiting for delivery, so that
 * metrics read them cheaply (as of the last tick).
 */
final class RunCounts implements WatchdogTask {
  private static final Logger LOG = LoggerFactory.getLogger(RunCounts.class);

  private final RunStore store;
  private final OutboxStore outbox;
  private final AtomicReference<Map<RunState, Long>> byState = new AtomicReference<>(Map.of());
  private volatile long pendingCallbacks;

  RunCounts(RunStore store, OutboxStore outbox) {
    this.store = Objects.requireNonNull(store, "store");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
  }

  @Override
  public String name() {
    return "the run counts";
  }

  @Override
  public void run() {
    try {
      byState.set(Map.copyOf(store.countByState()));
      pendingCallbacks = outbox.pendingCount();
    } catch (DatabaseException e) {
      LOG.debug("cannot count runs: {}", e.getMessage());
    }
  }

  Map<RunState, Long> byState() {
    return byState.get();
  }

  long pendingCallbacks() {
    return pendingCallbacks;
  }
}
