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
import picocli.CommandLine.Option;

/**
 * How every {@code check} subcommand prints its report and what it exits with: a picocli mixin with
 * the report options ({@code --json}, {@code --junit FILE}).
 */
final class CheckReportOutput {
  @Option(names = "--json", description = "Print the report as JSON instead of a table.")
  boolean json;

  @Option(
      names = "--junit",
      paramLabel = "FILE",
      description = "Also write the report as JUnit XML, one testcase per clause, for CI.")
  Path junitFile;

  /**
   * Prints {@code report} as a table (or JSON), writes it as JUnit XML to {@code --junit FILE} when
   * given, and returns the exit code: 0 when every MUST clause passed, else 1.
   *
   * @throws UserErrorException when the JUnit file cannot be written
   */
  int print(CheckReport report, CommandSpec spec) {
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
