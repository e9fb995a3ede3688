package io.modelrunner.app.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watchdog task ({@code runs.retention}): deletes the ended runs older than the retention, at once
 * and then hourly (or every retention, when that is shorter), in bounded batches so that one tick
 * never holds the database long; what is left waits for the next purge. Every node of a pool
 * purges: the deletes are idempotent.
 */
final class RetentionPurge implements WatchdogTask {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);

  /** How many ended runs one statement deletes at most. */
  static final int BATCH = 500;

  /** How many statements one purge runs at most. */
  static final int BATCHES_PER_PURGE = 20;

  private final RunStore store;
  private final Clock clock;
  private final Duration retention;

  RetentionPurge(RunStore store, Clock clock, Duration retention) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retention = Objects.requireNonNull(retention, "retention");
  }

  @Override
  public String name() {
    return "the retention purge";
  }

  @Override
  public Duration period() {
    Duration hour = Duration.ofHours(1);
    return retention.compareTo(hour) < 0 ? retention : hour;
  }

  @Override
  public void run() {
    Instant before = clock.instant().minus(retention);
    int purged = 0;
    for (int batch = 0; batch < BATCHES_PER_PURGE; batch++) {
      int n = store.purgeEndedBefore(before, BATCH);
      purged += n;
      if (n < BATCH) {
        break;
      }
    }
    if (purged > 0) {
      LOG.info(
          "deleted {} run(s) that ended before {} (runs.retention {})", purged, before, retention);
    }
  }
}
