package io.modelrunner.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.Evidence;
import io.modelrunner.conformance.Finding;
import io.modelrunner.conformance.Outcome;
import io.modelrunner.conformance.adapter.AdapterClauses;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConfiguredRunJudgedTest {
  private static final Evidence EXCHANGE = new Evidence("GET /model/request", "HTTP 200 …");
  private static final String ERROR = "the model ended in ERROR with this configuration (boom)";

  @Test
  void aConfiguredRunClauseSkippedBecauseTheModelFailedIsBrokenAndAShouldClauseOnlyWarns() {
    CheckReport report =
        report(
            Finding.pass(AdapterClauses.REQUEST, EXCHANGE),
            Finding.pass(AdapterClauses.STATUS, EXCHANGE),
            Finding.skip(AdapterClauses.RESULTS, ERROR),
            Finding.skip(AdapterClauses.RESULTS_SUCCEEDED, ERROR),
            Finding.skip(AdapterClauses.SCHEMA_VIOLATION, "the adapter serves no config-schema"));

    CheckReport judged = AdapterConformance.configuredRunJudged(report);

    assertThat(outcomes(judged))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "A-REQ-1", Outcome.PASS,
                "A-STATUS-1", Outcome.PASS,
                "A-RES-1", Outcome.FAIL,
                "A-RES-2", Outcome.WARN,
                "A-ERR-422", Outcome.SKIP));
    assertThat(judged.findings().get(2).detail())
        .contains(ERROR, "give adapter() a configuration the model runs to the end");
    assertThat(judged.subject()).isEqualTo(report.subject());
  }

  @Test
  void skipsThatAnEarlierFailureExplainsStaySkips() {
    CheckReport report =
        report(
            Finding.broken(AdapterClauses.REQUEST, "request answered HTTP 500", EXCHANGE),
            Finding.skip(AdapterClauses.INITIALIZE, "request did not create a run"),
            Finding.skip(AdapterClauses.RESULTS, "request did not create a run"));

    assertThat(AdapterConformance.configuredRunJudged(report)).isEqualTo(report);
  }

  @Test
  void aReportWithoutSkipsIsUnchanged() {
    CheckReport report =
        report(
            Finding.pass(AdapterClauses.INITIALIZE, EXCHANGE),
            Finding.pass(AdapterClauses.RESULTS, EXCHANGE));

    assertThat(AdapterConformance.configuredRunJudged(report)).isEqualTo(report);
  }

  private static CheckReport report(Finding... findings) {
    return new CheckReport("adapter http://127.0.0.1:1/model", List.of(findings));
  }

  private static Map<String, Outcome> outcomes(CheckReport report) {
    return report.findings().stream()
        .collect(Collectors.toMap(f -> f.clause().id(), Finding::outcome));
  }
}
