package io.modelrunner.conformance.adapter;

import static io.modelrunner.conformance.adapter.AdapterGalleryTest.notPassed;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.adapter.FakeAdapter.Breakage;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The mmvib profile, against a fake that behaves as the deployed MultiModelling adapters do (see
 * {@link Breakage#DEPLOYED_MMVIB}: MultiModelling/Adapter-ETM-KPIs,
 * tno/esdl_add_etm_kpis_adapter/model/model.py answers every unknown id with 200 state ERROR and
 * lets run and results through in any state; apis/model_api.py answers remove with {@code return
 * "REMOVED!", 200}; the same code is in Adapter-CTM, Adapter-ESSIM, Adapter-ConnectInfra,
 * Adapter-Regionalization and Adapter-ESDL-Add-Price-Profile). flask-smorest answers a body that is
 * not JSON with 400, so A-ERR-400 holds there and stays a MUST.
 */
class AdapterProfileTest {
  private final AdapterCheck check = new AdapterCheck(HttpClient.newHttpClient());

  @Test
  void aDeployedEcosystemAdapterFailsExactlyTheClausesTheProfileDowngrades() throws Exception {
    try (FakeAdapter adapter = FakeAdapter.start(Breakage.DEPLOYED_MMVIB)) {
      CheckReport report = check.check(target(adapter));

      assertThat(notPassed(report))
          .as(report.toString())
          .filteredOn(s -> s.endsWith("FAIL"))
          .map(s -> s.replace(" FAIL", ""))
          .containsExactlyInAnyOrderElementsOf(Breakage.DEPLOYED_MMVIB.clauses())
          .containsExactlyInAnyOrderElementsOf(AdapterProfile.MMVIB.downgraded());
      assertThat(report.passed()).isFalse();
    }
  }

  @Test
  void theMmvibProfileReportsThemAsWarningsAndJudgesEverythingElse() throws Exception {
    try (FakeAdapter adapter = FakeAdapter.start(Breakage.DEPLOYED_MMVIB)) {
      CheckReport report =
          check.check(
              target(adapter), AdapterCheckOptions.defaults().withProfile(AdapterProfile.MMVIB));

      assertThat(notPassed(report))
          .filteredOn(s -> s.endsWith("WARN"))
          .hasSize(AdapterProfile.MMVIB.downgraded().size());
      assertThat(report.findings())
          .filteredOn(f -> f.clause().id().equals("A-ERR-404"))
          .singleElement()
          .satisfies(f -> assertThat(f.detail()).endsWith("(a warning in profile mmvib)"));
      assertThat(AdapterCheckTest.finding(report, "A-RES-1").outcome().name()).isEqualTo("PASS");
      assertThat(report.passed()).isTrue();
    }
  }

  @Test
  void theProfileDoesNotExcuseOtherBreakages() throws Exception {
    try (FakeAdapter adapter = FakeAdapter.start(Breakage.STATUS_GOES_BACK_TO_ACCEPTED)) {
      CheckReport report =
          check.check(
              target(adapter), AdapterCheckOptions.defaults().withProfile(AdapterProfile.MMVIB));

      assertThat(notPassed(report))
          .filteredOn(s -> !s.endsWith("SKIP"))
          .containsExactly("A-STATE-1 FAIL");
    }
  }

  private static AdapterTarget target(FakeAdapter adapter) {
    return new AdapterTarget(adapter.root(), "/model", Optional.empty(), Duration.ofSeconds(2));
  }
}
