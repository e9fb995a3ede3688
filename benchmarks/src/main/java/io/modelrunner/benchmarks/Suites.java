package io.modelrunner.benchmarks;

import io.modelrunner.benchmarks.adapter.AdapterLifecycleSuite;
import io.modelrunner.benchmarks.export.ExportZipSuite;
import io.modelrunner.benchmarks.report.ReportWriter.Pending;
import io.modelrunner.benchmarks.report.Suite;
import io.modelrunner.benchmarks.schema.SchemaValidationSuite;
import java.util.List;

/** The report's suites, in report order, and the planned parts that have none yet. */
public final class Suites {
  private Suites() {}

  /** Every implemented suite. A new part is one {@link Suite} added here. */
  public static List<Suite> all() {
    return List.of(new AdapterLifecycleSuite(), new ExportZipSuite(), new SchemaValidationSuite());
  }

  /** Parts of the benchmark plan (issue 9) that need the runner service, which is being built. */
  public static List<Pending> pending() {
    String why = "pending (needs the runner service, `model-runner serve`, which is not built yet)";
    return List.of(
        new Pending("Part 1: runner vs raw `docker run`", why),
        new Pending("Part 2: cancel latency", why),
        new Pending("Part 6: the service under load", why));
  }
}
