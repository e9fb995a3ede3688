package io.modelrunner.benchmarks.report;

/**
 * Which way a metric improves; decides whether a change against the previous run is a regression.
 */
public enum Better {
  HIGHER,
  LOWER,
  /** Informational (a size, a count): a change is neither better nor worse. */
  NEITHER
}
