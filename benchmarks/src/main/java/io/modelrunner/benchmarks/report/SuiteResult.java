package io.modelrunner.benchmarks.report;

import java.util.List;
import java.util.Objects;

/**
 * What a suite measured.
 *
 * @param measurements every number, each summarised over rounds
 * @param notes Markdown written above the suite's table: the setup (commands, sizes, worker
 *     counts), the headline against the targets, and what bounds the numbers
 */
public record SuiteResult(List<Measurement> measurements, String notes) {
  public SuiteResult {
    measurements = List.copyOf(measurements);
    Objects.requireNonNull(notes, "notes");
  }
}
