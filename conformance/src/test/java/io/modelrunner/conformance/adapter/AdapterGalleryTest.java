package io.modelrunner.conformance.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.Outcome;
import io.modelrunner.conformance.Severity;
import io.modelrunner.conformance.adapter.FakeAdapter.Breakage;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gallery of broken adapters: each fails (or, for a SHOULD clause, warns about) exactly the
 * clause it breaks, so every clause is proven able to fail. Every adapter registers with a
 * registry, declares its capacity there, and is stopped by the check, so that every clause is
 * judged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdapterGalleryTest {
  /** Short: the broken adapters whose runs never finish are given up on after this. */
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private static final Duration REGISTRY_WAIT = Duration.ofSeconds(2);

  private final AdapterCheck check = new AdapterCheck(HttpClient.newHttpClient());
  private FakeRegistry registry;

  @BeforeAll
  void startRegistry() throws IOException {
    registry = FakeRegistry.start();
  }

  @AfterAll
  void stopRegistry() {
    registry.close();
  }

  @Test
  void aFaithfulAdapterPassesEveryClause() throws Exception {
    try (FakeAdapter adapter = start(Breakage.NONE)) {
      CheckReport report = check(adapter);

      assertThat(notPassed(report)).as(report.toString()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Breakage.class,
      names = {"NONE", "DEPLOYED_MMVIB"},
      mode = EnumSource.Mode.EXCLUDE)
  void eachBrokenAdapterFailsExactlyItsClause(Breakage breakage) throws Exception {
    String clause = breakage.clauses().iterator().next();
    try (FakeAdapter adapter = start(breakage)) {
      CheckReport report = check(adapter);

      Severity severity =
          AdapterClauses.ALL.stream()
              .filter(c -> c.id().equals(clause))
              .findFirst()
              .orElseThrow()
              .severity();
      if (severity == Severity.SHOULD) {
        assertThat(notPassed(report)).as(report.toString()).containsExactly(clause + " WARN");
        assertThat(report.passed()).isTrue();
      } else {
        assertThat(notPassed(report))
            .as(report.toString())
            .filteredOn(s -> !s.endsWith("SKIP"))
            .containsExactly(clause + " FAIL");
        assertThat(report.passed()).isFalse();
      }
    }
  }

  private FakeAdapter start(Breakage breakage) throws IOException {
    return FakeAdapter.start(breakage, 1, Optional.of(registry.url()));
  }

  private CheckReport check(FakeAdapter adapter) {
    AdapterTarget target = new AdapterTarget(adapter.root(), "/model", Optional.empty(), TIMEOUT);
    return check.check(
        target,
        AdapterCheckOptions.defaults()
            .withRegistry(registry.url())
            .withRegistryWait(REGISTRY_WAIT)
            .withStopper(adapter::close));
  }

  static List<String> notPassed(CheckReport report) {
    return report.findings().stream()
        .filter(f -> f.outcome() != Outcome.PASS)
        .map(f -> f.clause().id() + " " + f.outcome())
        .toList();
  }
}
