package io.modelrunner.benchmarks.report;

import java.util.Arrays;
import java.util.Collection;

/** Medians, percentiles and spreads; nothing here knows about timing. */
public final class Stats {
  private Stats() {}

  /** The summary of {@code values} (at least one). */
  public static Summary summarize(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("nothing to summarise");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return new Summary(
        interpolated(sorted, 0.5),
        interpolated(sorted, 0.25),
        interpolated(sorted, 0.75),
        sorted[0],
        sorted[sorted.length - 1],
        sorted.length);
  }

  /** The summary of {@code values} (at least one). */
  public static Summary summarize(Collection<? extends Number> values) {
    return summarize(values.stream().mapToDouble(Number::doubleValue).toArray());
  }

  /**
   * The {@code q} quantile (0..1) of sorted values, interpolating linearly between the two closest
   * ranks (the definition spreadsheets and numpy use by default).
   */
  public static double interpolated(double[] sorted, double q) {
    checkQuantile(q);
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double rank = q * (sorted.length - 1);
    int below = (int) Math.floor(rank);
    int above = (int) Math.ceil(rank);
    return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
  }

  /**
   * The {@code q} quantile (0..1) of sorted values by the nearest-rank method: the smallest value
   * such that at least {@code q} of all values are at or below it. What latency percentiles use: a
   * p99 is a latency some call actually had.
   */
  public static long nearestRank(long[] sorted, double q) {
    checkQuantile(q);
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static void checkQuantile(double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("quantile must be in 0..1, got " + q);
    }
  }
}
