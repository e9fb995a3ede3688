package io.modelrunner.conformance.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.conformance.Clause;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/connector-contract.md lists exactly the clauses the check judges, with the same severities.
 */
class ConnectorClausesDocumentedTest {
  private static final Path DOC = Path.of("../docs/connector-contract.md");
  private static final Pattern ROW = Pattern.compile("^\\| `(C-[A-Z0-9-]+)` \\| (MUST|SHOULD) \\|");

  @Test
  void theConformanceTableOfTheConnectorContractMatchesTheClausesChecked() throws Exception {
    var documented =
        Files.readAllLines(DOC).stream()
            .map(ROW::matcher)
            .filter(Matcher::find)
            .collect(Collectors.toMap(m -> m.group(1), m -> m.group(2)));
    var checked =
        ConnectorClauses.ALL.stream()
            .collect(Collectors.toMap(Clause::id, c -> c.severity().name()));

    assertThat(documented).isEqualTo(checked);
  }

  @Test
  void everyClauseIsMarkedNextToItsRule() throws Exception {
    String doc = Files.readString(DOC);
    for (Clause clause : ConnectorClauses.ALL) {
      assertThat(doc).as(clause.id()).contains("**[" + clause.id() + "]**");
    }
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
