package io.modelrunner.app.service;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ticks every {@code interval} on a {@link Ticker} and at each tick runs, in order, the tasks that
 * are due (each at its own period, measured on the ticker's clock). A task that fails is logged and
 * does not keep the others from running.
 */
final class Watchdog {
  private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

  private final Ticker ticker;
  private final Duration interval;
  private final List<WatchdogTask> tasks;
  private final long[] dueNanos;
  private volatile Ticker.Schedule schedule;

  Watchdog(Ticker ticker, Duration interval, List<WatchdogTask> tasks) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.tasks = List.copyOf(tasks);
    this.dueNanos = new long[this.tasks.size()];
  }

  /** Starts ticking; the first tick comes one interval from now. */
  void start() {
    long now = ticker.nanoTime();
    for (int i = 0; i < tasks.size(); i++) {
      dueNanos[i] = now + tasks.get(i).firstAfter().toNanos();
    }
    schedule = ticker.every("run-watchdog", interval, this::tick);
  }

  /** Stops ticking; a tick in progress is interrupted. */
  void stop() {
    Ticker.Schedule running = schedule;
    if (running != null) {
      running.stop();
    }
  }

  /** One tick, on the ticker's thread (never two at once). */
  private void tick() {
    for (int i = 0; i < tasks.size(); i++) {
      WatchdogTask task = tasks.get(i);
      long now = ticker.nanoTime();
      if (now - dueNanos[i] < 0) {
        continue;
      }
      dueNanos[i] = now + task.period().toNanos();
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("watchdog: {} failed: {}", task.name(), e.toString());
      }
    }
  }
}
