package io.modelrunner.core.engine.docker.internal;

import java.time.Duration;

/** Durations for people: {@code 2s}, {@code 1m30s}, {@code 2h}, {@code 850ms}. */
final class Durations {
  private Durations() {}

  static String human(Duration d) {
    if (d.toMillis() < 1000) {
      return d.toMillis() + "ms";
    }
    long h = d.toHours();
    long m = d.toMinutesPart();
    long s = d.toSecondsPart();
    StringBuilder out = new StringBuilder();
    if (h > 0) {
      out.append(h).append('h');
    }
    if (m > 0) {
      out.append(m).append('m');
    }
    if (s > 0 || out.length() == 0) {
      out.append(s).append('s');
    }
    return out.toString();
  }
}
