package io.modelrunner.conformance.adapter;

import io.modelrunner.conformance.Clause;
import io.modelrunner.conformance.ClauseTableContract;
import java.nio.file.Path;
import java.util.List;

/** docs/adapter-api.md lists exactly the clauses the check judges, with the same severities. */
class AdapterClausesDocumentedTest extends ClauseTableContract {
  @Override
  protected Path document() {
    return Path.of("../docs/adapter-api.md");
  }

  @Override
  protected String idPrefix() {
    return "A";
  }

  @Override
  protected List<Clause> clauses() {
    return AdapterClauses.ALL;
  }
}
