package io.modelrunner.conformance.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.Finding;
import io.modelrunner.conformance.Outcome;
import io.modelrunner.conformance.adapter.FakeAdapter.Breakage;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the check does beyond the gallery: how capacity and the registry are judged or skipped. */
class AdapterCheckTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final AdapterCheck check = new AdapterCheck(HttpClient.newHttpClient());

  @Test
  void aRunStartedBeyondTheCapacityWaitsQueuedAndThenRuns() throws Exception {
    try (FakeAdapter adapter = FakeAdapter.start(Breakage.NONE, 2, Optional.empty())) {
      CheckReport report =
          check.check(target(adapter), AdapterCheckOptions.defaults().withCapacity(1));

      Finding capacity = finding(report, "A-CAP-1");
      assertThat(capacity.outcome()).as(capacity.toString()).isEqualTo(Outcome.PASS);
      assertThat(capacity.evidence().received()).contains("RUNNING");
      assertThat(finding(report, "A-STATE-1").outcome()).isEqualTo(Outcome.PASS);
    }
  }

  @Test
  void aRequestBeyondTheCapacityWaitsPendingAndIsThenAccepted() throws Exception {
    try (FakeAdapter adapter = FakeAdapter.start(Breakage.NONE)) {
      CheckReport report =
          check.check(target(adapter), AdapterCheckOptions.defaults().withCapacity(1));

      Finding capacity = finding(report, "A-CAP-1");
      assertThat(capacity.outcome()).isEqualTo(Outcome.PASS);
      assertThat(capacity.evidence().received()).contains("ACCEPTED");
    }
  }

  @Test
  void theCheckRemovesEveryRunItCreated() throws Exception {
    try (FakeAdapter adapter = FakeAdapter.start(Breakage.IGNORES_CAPACITY)) {
      CheckReport report =
          check.check(target(adapter), AdapterCheckOptions.defaults().withCapacity(2));

      assertThat(finding(report, "A-CAP-1").detail())
          .contains("run 3 answered RUNNING while the other 2 were RUNNING");
      assertThat(adapter.runsKnown()).isZero();
    }
  }

  @Test
  void withoutADeclaredCapacityTheCapacityClauseIsSkippedSayingHowToDeclareIt() throws Exception {
    try (FakeAdapter adapter = FakeAdapter.start(Breakage.NONE)) {
      CheckReport report = check.check(target(adapter));

      Finding capacity = finding(report, "A-CAP-1");
      assertThat(capacity.outcome()).isEqualTo(Outcome.SKIP);
      assertThat(capacity.detail()).contains("--capacity N", "--registry URL");
      assertThat(finding(report, "A-REG-1").detail()).contains("no registry given");
    }
  }

  @Test
  void withoutAStopperDeregistrationIsSkippedSayingWhoCanJudgeIt() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start();
        FakeAdapter adapter = FakeAdapter.start(Breakage.NONE, 1, Optional.of(registry.url()))) {
      CheckReport report =
          check.check(
              target(adapter),
              AdapterCheckOptions.defaults()
                  .withRegistry(URI.create(registry.url() + "/registry")));

      assertThat(finding(report, "A-REG-1").outcome()).isEqualTo(Outcome.PASS);
      assertThat(finding(report, "A-REG-2").outcome()).isEqualTo(Outcome.PASS);
      assertThat(finding(report, "A-CAP-1").outcome())
          .as("max_workers of the entry declares the capacity")
          .isEqualTo(Outcome.PASS);
      Finding deregistered = finding(report, "A-REG-3");
      assertThat(deregistered.outcome()).isEqualTo(Outcome.SKIP);
      assertThat(deregistered.detail()).contains("withStopper");
    }
  }

  @Test
  void aRegistryThatCannotBeReachedIsNamed() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
    try (FakeAdapter adapter = FakeAdapter.start(Breakage.NONE)) {
      assertThatThrownBy(
              () ->
                  check.check(
                      target(adapter), AdapterCheckOptions.defaults().withRegistry(nowhere)))
          .isInstanceOf(RegistryUnreachableException.class)
          .hasMessageContaining(nowhere + "/registry/");
    }
  }

  @Test
  void aRegistryIsNamedByItsBaseUrlOrItsCollectionUrl() {
    URI collection = URI.create("http://reg:9200/registry/");

    assertThat(RegistryProbe.collection(URI.create("http://reg:9200"))).isEqualTo(collection);
    assertThat(RegistryProbe.collection(URI.create("http://reg:9200/registry")))
        .isEqualTo(collection);
    assertThat(RegistryProbe.collection(collection)).isEqualTo(collection);
  }

  private static AdapterTarget target(FakeAdapter adapter) {
    return new AdapterTarget(adapter.root(), "/model", Optional.empty(), TIMEOUT);
  }

  static Finding finding(CheckReport report, String id) {
    return report.findings().stream()
        .filter(f -> f.clause().id().equals(id))
        .findFirst()
        .orElseThrow();
  }
}
