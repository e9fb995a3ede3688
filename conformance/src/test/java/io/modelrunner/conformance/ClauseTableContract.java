package io.modelrunner.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A contract document lists exactly the clauses its check judges, with the same severities, and
 * marks each next to its rule: one suite per document extends this with the document, its clause id
 * prefix and the check's clauses.
 */
public abstract class ClauseTableContract {
  /** The document, relative to the conformance module, e.g. {@code ../docs/adapter-api.md}. */
  protected abstract Path document();

  /** The prefix of the document's clause ids, e.g. {@code A}. */
  protected abstract String idPrefix();

  /** Every clause the check judges. */
  protected abstract List<Clause> clauses();

  @Test
  void theConformanceTableMatchesTheClausesChecked() throws Exception {
    Pattern row =
        Pattern.compile(
            "^\\| `(" + Pattern.quote(idPrefix()) + "-[A-Z0-9-]+)` \\| (MUST|SHOULD) \\|");
    var documented =
        Files.readAllLines(document()).stream()
            .map(row::matcher)
            .filter(Matcher::find)
            .collect(Collectors.toMap(m -> m.group(1), m -> m.group(2)));
    var checked =
        clauses().stream().collect(Collectors.toMap(Clause::id, c -> c.severity().name()));

    assertThat(documented).isEqualTo(checked);
  }

  @Test
  void everyClauseIsMarkedNextToItsRule() throws Exception {
    String doc = Files.readString(document());
    for (Clause clause : clauses()) {
      assertThat(doc).as(clause.id()).contains("**[" + clause.id() + "]**");
    }
  }
}
