package io.modelrunner.conformance;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The verdict on one clause.
 *
 * @param clause the clause judged
 * @param outcome the verdict
 * @param detail why, in one line (empty for a plain pass)
 * @param evidence the exchange behind the verdict
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record Finding(Clause clause, Outcome outcome, String detail, Evidence evidence) {
  public Finding {
    Objects.requireNonNull(clause, "clause");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(evidence, "evidence");
  }

  public static Finding pass(Clause clause, Evidence evidence) {
    return new Finding(clause, Outcome.PASS, "", evidence);
  }

  /** The clause is broken: FAIL for a MUST clause, WARN for a SHOULD clause. */
  public static Finding broken(Clause clause, String detail, Evidence evidence) {
    Outcome outcome = clause.severity() == Severity.MUST ? Outcome.FAIL : Outcome.WARN;
    return new Finding(clause, outcome, detail, evidence);
  }

  public static Finding skip(Clause clause, String why) {
    return new Finding(clause, Outcome.SKIP, why, Evidence.NONE);
  }
}
