package io.modelrunner.app.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Ticker} that stands still until a test advances it; then it calls, on the test's thread
 * and in time order, every schedule that comes due on the way.
 */
final class FakeTicker implements Ticker {
  private final List<Entry> schedules = new ArrayList<>();
  private long now = 1_000_000_000L;

  private static final class Entry implements Schedule {
    final String name;
    final long period;
    final Runnable task;
    long due;
    boolean stopped;

    Entry(String name, long period, Runnable task, long due) {
      this.name = name;
      this.period = period;
      this.task = task;
      this.due = due;
    }

    @Override
    public void stop() {
      stopped = true;
    }
  }

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public Schedule every(String name, Duration period, Runnable task) {
    Entry entry = new Entry(name, period.toNanos(), task, now + period.toNanos());
    schedules.add(entry);
    return entry;
  }

  /** Moves time on by {@code by}, calling whatever comes due meanwhile. */
  void advance(Duration by) {
    long target = now + by.toNanos();
    while (true) {
      Optional<Entry> next =
          schedules.stream()
              .filter(e -> !e.stopped && e.due <= target)
              .min(Comparator.comparingLong(e -> e.due));
      if (next.isEmpty()) {
        break;
      }
      Entry entry = next.get();
      now = entry.due;
      entry.task.run();
      entry.due = now + entry.period;
    }
    now = target;
  }

  /** The names of the schedules not stopped. */
  List<String> running() {
    return schedules.stream().filter(e -> !e.stopped).map(e -> e.name).toList();
  }
}
