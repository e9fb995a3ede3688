package io.modelrunner.conformance.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.conformance.Clause;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/adapter-api.md lists exactly the clauses the check judges, with the same severities. */
class AdapterClausesDocumentedTest {
  private static final Path DOC = Path.of("../docs/adapter-api.md");
  private static final Pattern ROW = Pattern.compile("^\\| `(A-[A-Z0-9-]+)` \\| (MUST|SHOULD) \\|");

  @Test
  void theConformanceTableOfTheAdapterApiMatchesTheClausesChecked() throws Exception {
    var documented =
        Files.readAllLines(DOC).stream()
            .map(ROW::matcher)
            .filter(Matcher::find)
            .collect(Collectors.toMap(m -> m.group(1), m -> m.group(2)));
    var checked =
        AdapterClauses.ALL.stream().collect(Collectors.toMap(Clause::id, c -> c.severity().name()));

    assertThat(documented).isEqualTo(checked);
  }

  @Test
  void everyClauseIsMarkedNextToItsRule() throws Exception {
    String doc = Files.readString(DOC);
    for (Clause clause : AdapterClauses.ALL) {
      assertThat(doc).as(clause.id()).contains("**[" + clause.id() + "]**");
    }
  }
}
