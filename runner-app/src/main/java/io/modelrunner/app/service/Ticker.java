package io.modelrunner.app.service;

import java.time.Duration;

/**
 * Time and periodic calls for the watchdog and the node heartbeat: {@link SystemTicker} in
 * production, a hand-driven fake in tests.
 */
public interface Ticker {
  /** Monotonic nanoseconds, for measuring intervals only (like {@link System#nanoTime()}). */
  long nanoTime();

  /**
   * Calls {@code task} every {@code period} (the first time one period from now, then one period
   * after each call ended) until the returned handle is stopped. Each schedule has a thread of its
   * own, named {@code name}, so that a slow task never delays another schedule's.
   */
  Schedule every(String name, Duration period, Runnable task);

  /** A running schedule. */
  interface Schedule {
    /** No more calls; a call in progress is interrupted. */
    void stop();
  }
}
