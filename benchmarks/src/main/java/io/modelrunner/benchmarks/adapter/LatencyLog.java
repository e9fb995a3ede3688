package io.modelrunner.benchmarks.adapter;

import java.util.Arrays;

/** Latencies in nanoseconds, appended by one thread; growable, no boxing. */
final class LatencyLog {
  private long[] values = new long[1024];
  private int size;

  void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  int size() {
    return size;
  }

  /** All values of {@code logs}, sorted. */
  static long[] sortedUnion(Iterable<LatencyLog> logs) {
    int n = 0;
    for (LatencyLog l : logs) {
      n += l.size;
    }
    long[] all = new long[n];
    int at = 0;
    for (LatencyLog l : logs) {
      System.arraycopy(l.values, 0, all, at, l.size);
      at += l.size;
    }
    Arrays.sort(all);
    return all;
  }
}
