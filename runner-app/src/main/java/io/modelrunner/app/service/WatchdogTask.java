package io.modelrunner.app.service;

import java.time.Duration;

/** One periodic part of the {@link Watchdog}. */
interface WatchdogTask {
  /** What it does, for the log when it fails. */
  String name();

  /** How long after one run of it the next is due; zero (the default): at every tick. */
  default Duration period() {
    return Duration.ZERO;
  }

  /** How long after the watchdog starts its first run is due; zero (the default): at once. */
  default Duration firstAfter() {
    return Duration.ZERO;
  }

  void run();
}
