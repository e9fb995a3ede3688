package io.modelrunner.conformance.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.conformance.Clause;
import io.modelrunner.conformance.ClauseTableContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/connector-contract.md lists exactly the clauses the check judges, with the same severities.
 */
class ConnectorClausesDocumentedTest extends ClauseTableContract {
  private static final Path DOC = Path.of("../docs/connector-contract.md");

  @Override
  protected Path document() {
    return DOC;
  }

  @Override
  protected String idPrefix() {
    return "C";
  }

  @Override
  protected List<Clause> clauses() {
    return ConnectorClauses.ALL;
  }

  @Test
  void everyClauseAnchorIsAHeadingOfTheContract() throws Exception {
    String doc = Files.readString(DOC);
    for (Clause clause : ConnectorClauses.ALL) {
      String anchor = clause.anchor().substring(clause.anchor().indexOf('#') + 1);
      boolean found =
          doc.lines()
              .filter(l -> l.startsWith("#"))
              .map(
                  l ->
                      l.replaceAll("^#+\\s*", "")
                          .toLowerCase()
                          .replaceAll("[^a-z0-9 -]", "")
                          .replace(' ', '-'))
              .anyMatch(anchor::equals);
      assertThat(found).as(clause.id() + " → #" + anchor).isTrue();
    }
  }
}
