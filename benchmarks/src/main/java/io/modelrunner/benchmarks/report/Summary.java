package io.modelrunner.benchmarks.report;

/**
 * A sample summarised: the median and the spread around it.
 *
 * @param median the middle value (the mean of the two middle values for an even count)
 * @param p25 the 25th percentile (linear interpolation)
 * @param p75 the 75th percentile (linear interpolation)
 * @param min the smallest value
 * @param max the largest value
 * @param n how many values (rounds, iterations, forks) the summary is over
 */
public record Summary(double median, double p25, double p75, double min, double max, int n) {

  /** A summary of one value (n = 1, no spread). */
  public static Summary single(double value) {
    return new Summary(value, value, value, value, value, 1);
  }
}
