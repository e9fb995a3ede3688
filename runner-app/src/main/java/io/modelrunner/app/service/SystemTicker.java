package io.modelrunner.app.service;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The production {@link Ticker}: {@link System#nanoTime()} and one daemon thread per schedule. */
public final class SystemTicker implements Ticker {
  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Schedule every(String name, Duration period, Runnable task) {
    ScheduledExecutorService thread =
        Executors.newSingleThreadScheduledExecutor(new NamedThreads(name));
    long millis = period.toMillis();
    thread.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
    return thread::shutdownNow;
  }
}
