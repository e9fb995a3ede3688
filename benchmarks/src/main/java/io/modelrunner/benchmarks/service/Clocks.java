package io.modelrunner.benchmarks.service;

import java.time.Instant;

/** The wall clock in nanoseconds since the epoch, comparable with Docker's event times. */
final class Clocks {
  private Clocks() {}

  static long epochNanos() {
    return epochNanos(Instant.now());
  }

  static long epochNanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /** An ISO-8601 instant (as the runs API writes them) in epoch nanoseconds; -1 for null. */
  static long epochNanos(String iso) {
    return iso == null || iso.isEmpty() || iso.equals("null") ? -1 : epochNanos(Instant.parse(iso));
  }
}
