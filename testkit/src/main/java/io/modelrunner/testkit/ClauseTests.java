package io.modelrunner.testkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.Finding;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Turns a {@link CheckReport} into one JUnit test per clause, named {@code "<id> <rule>"}: a passed
 * clause passes, a broken MUST clause fails with the finding's detail and evidence, a skipped
 * clause is skipped with its reason, and a broken SHOULD clause passes with a warning printed to
 * standard error (JUnit has no "passed with warning").
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ClauseTests {
  private ClauseTests() {}

  /** One dynamic test per finding, in the report's order. */
  public static Stream<DynamicTest> of(CheckReport report) {
    return report.findings().stream()
        .map(f -> DynamicTest.dynamicTest(name(f), () -> verdict(report.subject(), f)));
  }

  private static String name(Finding finding) {
    return finding.clause().id() + " " + finding.clause().rule();
  }

  private static void verdict(String subject, Finding finding) {
    switch (finding.outcome()) {
      case PASS -> {}
      case SKIP -> throw new TestAbortedException(finding.detail());
      case WARN -> System.err.println("WARNING " + describe(subject, finding));
      case FAIL -> throw new AssertionFailedError(describe(subject, finding));
    }
  }

  /** The finding as the failure message: clause, detail, where it is documented, the evidence. */
  static String describe(String subject, Finding finding) {
    StringBuilder text =
        new StringBuilder()
            .append(subject)
            .append(" breaks ")
            .append(finding.clause().id())
            .append(" (")
            .append(finding.clause().severity())
            .append(": ")
            .append(finding.clause().rule())
            .append("): ")
            .append(finding.detail())
            .append("\n  see ")
            .append(finding.clause().anchor());
    if (!finding.evidence().sent().isEmpty()) {
      text.append("\n  sent:     ").append(finding.evidence().sent());
    }
    if (!finding.evidence().received().isEmpty()) {
      text.append("\n  received: ").append(finding.evidence().received());
    }
    return text.toString();
  }
}
