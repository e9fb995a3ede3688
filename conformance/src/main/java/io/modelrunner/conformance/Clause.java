package io.modelrunner.conformance;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One rule of a contract document.
 *
 * @param id stable identifier shown next to the rule in the document, e.g. {@code A-CT-1}
 * @param severity whether breaking it fails the check or only warns
 * @param rule the rule in one line
 * @param anchor where the rule is documented, e.g. {@code docs/adapter-api.md#every-answer}
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record Clause(String id, Severity severity, String rule, String anchor) {
  public Clause {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(anchor, "anchor");
  }
}
