package io.modelrunner.conformance;

import java.util.List;
import java.util.Objects;

/**
 * Every finding of one check.
 *
 * @param subject what was checked, e.g. {@code adapter http://localhost:8080/model}
 * @param findings one per clause, in the contract's order
 */
public record CheckReport(String subject, List<Finding> findings) {
  public CheckReport {
    Objects.requireNonNull(subject, "subject");
    findings = List.copyOf(findings);
  }

  /** True when no MUST clause failed (warnings and skips do not fail a check). */
  public boolean passed() {
    return count(Outcome.FAIL) == 0;
  }

  public long count(Outcome outcome) {
    return findings.stream().filter(f -> f.outcome() == outcome).count();
  }
}
