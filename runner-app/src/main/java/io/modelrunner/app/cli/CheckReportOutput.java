package io.modelrunner.app.cli;

import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.report.JsonReportWriter;
import io.modelrunner.conformance.report.JunitReportWriter;
import io.modelrunner.conformance.report.TableReportWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** How every {@code check} subcommand prints its report and what it exits with. */
final class CheckReportOutput {
  private CheckReportOutput() {}

  /**
   * Prints {@code report} as a table (or JSON), writes it as JUnit XML to {@code junitFile} when
   * given, and returns the exit code: 0 when every MUST clause passed, else 1.
   *
   * @throws UserErrorException when the JUnit file cannot be written
   */
  static int print(CheckReport report, boolean json, Path junitFile, CommandSpec spec) {
    if (json) {
      new JsonReportWriter().write(report, spec.commandLine().getOut());
    } else {
      new TableReportWriter().write(report, spec.commandLine().getOut());
    }
    if (junitFile != null) {
      try (OutputStream out = Files.newOutputStream(junitFile)) {
        new JunitReportWriter().write(report, "model-runner check " + report.subject(), out);
      } catch (IOException e) {
        throw new UserErrorException("cannot write " + junitFile + ": " + e.getMessage(), e);
      }
    }
    return report.passed() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
