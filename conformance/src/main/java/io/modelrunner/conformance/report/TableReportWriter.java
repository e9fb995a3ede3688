package io.modelrunner.conformance.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.Clause;
import io.modelrunner.conformance.Finding;
import io.modelrunner.conformance.Outcome;
import java.io.PrintWriter;
import org.apiguardian.api.API;

/** The readable report: one line per clause, the evidence under each failure and warning. */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class TableReportWriter {
  /** A writer; it keeps no state. */
  public TableReportWriter() {}

  public void write(CheckReport report, PrintWriter out) {
    out.println("check " + report.subject());
    out.println();
    out.printf("%-5s %-11s %-7s %s%n", "", "CLAUSE", "LEVEL", "RULE");
    for (Finding finding : report.findings()) {
      Clause clause = finding.clause();
      out.printf(
          "%-5s %-11s %-7s %s%n", finding.outcome(), clause.id(), clause.severity(), clause.rule());
      if (finding.outcome() != Outcome.PASS && !finding.detail().isEmpty()) {
        out.println("      " + finding.detail());
      }
      if ((finding.outcome() == Outcome.FAIL || finding.outcome() == Outcome.WARN)
          && !finding.evidence().isEmpty()) {
        out.println("      sent:     " + oneLine(finding.evidence().sent()));
        out.println("      received: " + oneLine(finding.evidence().received()));
        out.println("      see " + clause.anchor());
      }
    }
    out.println();
    out.printf(
        "%s: %d passed, %d failed, %d warned, %d skipped%n",
        report.passed() ? "PASSED" : "FAILED",
        report.count(Outcome.PASS),
        report.count(Outcome.FAIL),
        report.count(Outcome.WARN),
        report.count(Outcome.SKIP));
    out.flush();
  }

  private static String oneLine(String text) {
    return text.replace("\r", "\\r").replace("\n", "\\n");
  }
}
