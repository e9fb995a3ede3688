package io.modelrunner.conformance;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Every finding of one check.
 *
 * @param subject what was checked, e.g. {@code adapter http://localhost:8080/model}
 * @param findings one per clause, in the contract's order
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
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
