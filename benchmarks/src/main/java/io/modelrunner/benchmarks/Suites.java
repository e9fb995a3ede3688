package io.modelrunner.benchmarks;

import io.modelrunner.benchmarks.adapter.AdapterLifecycleSuite;
import io.modelrunner.benchmarks.export.ExportZipSuite;
import io.modelrunner.benchmarks.report.ReportWriter.Pending;
import io.modelrunner.benchmarks.report.Suite;
import io.modelrunner.benchmarks.schema.SchemaValidationSuite;
import io.modelrunner.benchmarks.service.CancelLatencySuite;
import io.modelrunner.benchmarks.service.DistributionCliSuite;
import io.modelrunner.benchmarks.service.DurabilitySuite;
import io.modelrunner.benchmarks.service.PoolSuite;
import io.modelrunner.benchmarks.service.RunnerOverheadSuite;
import io.modelrunner.benchmarks.service.ScaleSuite;
import io.modelrunner.benchmarks.service.ServiceLoadSuite;
import io.modelrunner.benchmarks.slurm.SlurmSuite;
import java.util.List;

/** The report's suites, in report order, and the planned parts that have none yet. */
public final class Suites {
  private Suites() {}

  /** Every implemented suite. A new part is one {@link Suite} added here. */
  public static List<Suite> all() {
    return List.of(
        new RunnerOverheadSuite(),
        new DistributionCliSuite(),
        new CancelLatencySuite(),
        new AdapterLifecycleSuite(),
        new ExportZipSuite(),
        new SchemaValidationSuite(),
        new ServiceLoadSuite(),
        new PoolSuite(),
        new DurabilitySuite(),
        new ScaleSuite(),
        new SlurmSuite());
  }

  /** Parts of the benchmark plan (issue 9) that have no suite yet: none. */
  public static List<Pending> pending() {
    return List.of();
  }
}
