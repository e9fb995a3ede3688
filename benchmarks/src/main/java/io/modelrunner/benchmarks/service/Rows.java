package io.modelrunner.benchmarks.service;

import io.modelrunner.benchmarks.report.Better;
import io.modelrunner.benchmarks.report.Measurement;
import io.modelrunner.benchmarks.report.Stats;
import io.modelrunner.benchmarks.report.Summary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The measurements of one suite, built up row by row. */
public final class Rows {
  private final String suite;
  private final List<Measurement> rows = new ArrayList<>();

  public Rows(String suite) {
    this.suite = suite;
  }

  /** A row summarising {@code values}; nothing when there are none. */
  public Summary add(
      String item,
      String metric,
      String unit,
      Better better,
      Collection<? extends Number> values,
      String target) {
    List<Double> clean =
        values.stream().map(Number::doubleValue).filter(v -> !Double.isNaN(v)).toList();
    if (clean.isEmpty()) {
      return null;
    }
    Summary s = Stats.summarize(clean);
    rows.add(Measurement.of(suite, item, metric, unit, better, s, target));
    return s;
  }

  /** A row of one value. */
  public void single(
      String item, String metric, String unit, Better better, double value, String target) {
    if (!Double.isNaN(value)) {
      rows.add(Measurement.of(suite, item, metric, unit, better, Summary.single(value), target));
    }
  }

  public List<Measurement> all() {
    return List.copyOf(rows);
  }

  public static double ms(long nanos) {
    return nanos / 1e6;
  }

  public static double median(Collection<? extends Number> values) {
    List<Double> clean =
        values.stream().map(Number::doubleValue).filter(v -> !Double.isNaN(v)).toList();
    return clean.isEmpty() ? Double.NaN : Stats.summarize(clean).median();
  }
}
