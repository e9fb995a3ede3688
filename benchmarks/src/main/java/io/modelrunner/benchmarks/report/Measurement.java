package io.modelrunner.benchmarks.report;

import java.util.Objects;

/**
 * One number of a report: a metric of one item of one suite, summarised over rounds.
 *
 * @param suite the suite's id ({@code adapter}, {@code export}, …)
 * @param item what was measured (e.g. {@code sdk c=8}, {@code zip -r -6})
 * @param metric which quantity (e.g. {@code cycles/s}, {@code p99 status})
 * @param unit its unit
 * @param better which way is better
 * @param summary the median and spread
 * @param target the target it is reported against (e.g. {@code >= 10x}), or empty
 * @param run the id of the report run that measured it (its timestamp), or empty before it is
 *     written
 */
public record Measurement(
    String suite,
    String item,
    String metric,
    String unit,
    Better better,
    Summary summary,
    String target,
    String run) {

  public Measurement {
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(better, "better");
    Objects.requireNonNull(summary, "summary");
    target = target == null ? "" : target;
    run = run == null ? "" : run;
  }

  /** A measurement of the current run (its run id is filled in when the report is written). */
  public static Measurement of(
      String suite,
      String item,
      String metric,
      String unit,
      Better better,
      Summary summary,
      String target) {
    return new Measurement(suite, item, metric, unit, better, summary, target, "");
  }

  /** This measurement, attributed to run {@code runId}. */
  public Measurement inRun(String runId) {
    return new Measurement(suite, item, metric, unit, better, summary, target, runId);
  }

  /** What identifies this number across runs: suite, item and metric. */
  public String key() {
    return suite + "|" + item + "|" + metric;
  }
}
