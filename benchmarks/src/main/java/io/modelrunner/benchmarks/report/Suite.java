package io.modelrunner.benchmarks.report;

import java.util.List;

/**
 * One part of the benchmark report. A suite measures side by side what it compares (interleaved
 * rounds in one run), summarises every number as a median with its spread, and says how it was set
 * up. To add a part (e.g. runner vs raw Docker once the runner service exists): implement this and
 * list it in {@link Suites#all()}.
 */
public interface Suite {
  /** Short id, used in {@code --suites} and in the CSV's {@code suite} column. */
  String id();

  /** The report section's title. */
  String title();

  /** External programs the suite needs; checked before anything runs. */
  List<Requirement> requirements();

  /** Runs the suite. Long-running; logs progress to {@link SuiteContext#log()}. */
  SuiteResult run(SuiteContext context) throws Exception;
}
