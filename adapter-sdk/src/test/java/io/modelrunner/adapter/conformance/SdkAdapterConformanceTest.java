package io.modelrunner.adapter.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.adapter.AdapterConfig;
import io.modelrunner.adapter.AdapterServer;
import io.modelrunner.api.adapter.ModelRunState;
import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.Clause;
import io.modelrunner.conformance.Finding;
import io.modelrunner.conformance.Outcome;
import io.modelrunner.conformance.adapter.AdapterCheck;
import io.modelrunner.conformance.adapter.AdapterClauses;
import io.modelrunner.conformance.adapter.AdapterTarget;
import io.modelrunner.testkit.AdapterConformance;
import io.modelrunner.testkit.AdapterUnderTest;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The project's own SDK adapter, served in-process, through {@link AdapterConformance} as a model
 * author's build runs it (one inherited test per clause), and through the check itself for what the
 * per-clause tests cannot show: that no clause is skipped or only warns, and how other
 * configurations are judged.
 */
class SdkAdapterConformanceTest extends AdapterConformance {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** Judged only with a declared capacity or a registry (AdapterCheckOptions): skipped here. */
  private static final Set<String> NEED_OPTIONS =
      Set.of("A-CAP-1", "A-REG-1", "A-REG-2", "A-REG-3");

  private final AdapterCheck check = new AdapterCheck(HttpClient.newHttpClient());

  @Override
  protected AdapterUnderTest adapter() {
    AdapterServer server = start(AdapterConfig.builder());
    return AdapterUnderTest.started(target(server, Optional.of("{\"x\": 3}")), server);
  }

  @Test
  void anSdkAdapterWithAValidConfigurationPassesEveryClause() {
    try (AdapterServer server = start(AdapterConfig.builder())) {
      CheckReport report = check.check(target(server, Optional.of("{\"x\": 3}")));

      assertThat(outcomes(report))
          .as(report.toString())
          .containsOnlyKeys(AdapterClauses.ALL.stream().map(Clause::id).toArray(String[]::new))
          .allSatisfy(
              (id, outcome) ->
                  assertThat(outcome)
                      .as(id)
                      .isEqualTo(NEED_OPTIONS.contains(id) ? Outcome.SKIP : Outcome.PASS));
      assertThat(report.passed()).isTrue();
    }
  }

  @Test
  void anAdapterRefusingAnEmptyConfigurationSkipsTheConfiguredRunClausesAndStillPasses() {
    try (AdapterServer server = start(AdapterConfig.builder())) {
      CheckReport report = check.check(target(server, Optional.empty()));

      Map<String, Outcome> outcomes = outcomes(report);
      assertThat(outcomes)
          .containsEntry("A-INIT-1", Outcome.SKIP)
          .containsEntry("A-RUN-1", Outcome.SKIP)
          .containsEntry("A-STATUS-1", Outcome.SKIP)
          .containsEntry("A-RES-1", Outcome.SKIP)
          .containsEntry("A-RES-2", Outcome.SKIP)
          .containsEntry("A-RM-1", Outcome.PASS)
          .containsEntry("A-ERR-409", Outcome.PASS);
      assertThat(report.findings())
          .filteredOn(f -> f.clause().id().equals("A-INIT-1"))
          .singleElement()
          .satisfies(f -> assertThat(f.detail()).contains("--config FILE", "/x"));
      assertThat(report.passed()).isTrue();
    }
  }

  @Test
  void anSdkAdapterAnsweringResultsReadyOnlyWarns() {
    try (AdapterServer server = start(AdapterConfig.builder().resultsState(ModelRunState.READY))) {
      CheckReport report = check.check(target(server, Optional.of("{\"x\": 2}")));

      assertThat(report.findings())
          .filteredOn(f -> f.outcome() != Outcome.PASS && f.outcome() != Outcome.SKIP)
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.clause().id()).isEqualTo("A-RES-2");
                assertThat(f.outcome()).isEqualTo(Outcome.WARN);
                assertThat(f.evidence().received()).contains("READY");
              });
      assertThat(report.passed()).isTrue();
    }
  }

  @Test
  void aCustomBasePathIsHonoured() {
    try (AdapterServer server = start(AdapterConfig.builder().basePath("/api/v1"))) {
      CheckReport report =
          check.check(
              new AdapterTarget(server.rootUri(), "/api/v1/", Optional.of("{\"x\": 1}"), TIMEOUT));

      assertThat(report.count(Outcome.PASS))
          .isEqualTo(AdapterClauses.ALL.size() - NEED_OPTIONS.size());
    }
  }

  private static AdapterServer start(AdapterConfig.Builder config) {
    return AdapterServer.start(new SquareAdapter(), config.host("127.0.0.1").port(0).build());
  }

  private static AdapterTarget target(AdapterServer server, Optional<String> configuration) {
    return new AdapterTarget(server.rootUri(), server.config().basePath(), configuration, TIMEOUT);
  }

  private static Map<String, Outcome> outcomes(CheckReport report) {
    return report.findings().stream()
        .collect(Collectors.toMap(f -> f.clause().id(), Finding::outcome));
  }
}
