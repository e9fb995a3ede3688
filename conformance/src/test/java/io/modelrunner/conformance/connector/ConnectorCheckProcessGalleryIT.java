package io.modelrunner.conformance.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.Finding;
import io.modelrunner.conformance.Outcome;
import io.modelrunner.conformance.Severity;
import io.modelrunner.conformance.connector.BrokenConnectors.Breakage;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * On the real process engine: each broken connector of the gallery fails exactly its clause; the
 * faithful one passes all.
 */
class ConnectorCheckProcessGalleryIT {
  @TempDir Path dir;

  private CheckReport check(String name, String script, boolean stochastic) throws Exception {
    return new ConnectorCheck(System.getenv(), dir.resolve("scratch"), new SchemaValidator())
        .check(BrokenConnectors.target(dir, name, script, stochastic));
  }

  @Test
  void theFaithfulScriptPassesEveryClauseTheProcessEngineCanJudge() throws Exception {
    CheckReport report = check("faithful", BrokenConnectors.FAITHFUL, false);

    assertThat(report.passed()).as(describe(report)).isTrue();
    assertThat(report.findings())
        .as(describe(report))
        .allSatisfy(f -> assertThat(f.outcome()).isIn(Outcome.PASS, Outcome.SKIP));
    assertThat(report.findings().stream().filter(f -> f.outcome() == Outcome.SKIP))
        .extracting(f -> f.clause().id())
        .as(describe(report))
        .containsExactlyInAnyOrder("C-ARGS-1", "C-SANDBOX-1");
  }

  @ParameterizedTest
  @EnumSource(Breakage.class)
  void aBrokenConnectorFailsExactlyItsClause(Breakage breakage) throws Exception {
    CheckReport report = check(breakage.name().toLowerCase(), breakage.script(), false);

    Outcome expected = breakage.clause().severity() == Severity.MUST ? Outcome.FAIL : Outcome.WARN;
    assertThat(report.findings())
        .as(describe(report))
        .filteredOn(f -> f.outcome() == Outcome.FAIL || f.outcome() == Outcome.WARN)
        .extracting(f -> f.clause().id(), Finding::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(breakage.clause().id(), expected));
    assertThat(report.passed()).isEqualTo(expected != Outcome.FAIL);
  }

  @Test
  void aDifferentOutputOfAModelDeclaredStochasticIsOnlyAWarning() throws Exception {
    CheckReport report = check("stochastic", Breakage.DIFFERENT_EACH_TIME.script(), true);

    assertThat(report.passed()).as(describe(report)).isTrue();
    assertThat(report.findings())
        .filteredOn(f -> f.clause().equals(ConnectorClauses.DETERMINISTIC))
        .singleElement()
        .satisfies(f -> assertThat(f.outcome()).isEqualTo(Outcome.WARN));
  }

  static String describe(CheckReport report) {
    return report.findings().stream()
        .map(f -> f.clause().id() + " " + f.outcome() + " " + f.detail() + " | " + f.evidence())
        .collect(Collectors.joining("\n"));
  }
}
