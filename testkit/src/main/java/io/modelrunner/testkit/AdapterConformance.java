package io.modelrunner.testkit;

import static org.apiguardian.api.API.Status.STABLE;

import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.Clause;
import io.modelrunner.conformance.Finding;
import io.modelrunner.conformance.Outcome;
import io.modelrunner.conformance.adapter.AdapterCheck;
import io.modelrunner.conformance.adapter.AdapterCheckOptions;
import io.modelrunner.conformance.adapter.AdapterClauses;
import io.modelrunner.conformance.adapter.AdapterTarget;
import io.modelrunner.conformance.adapter.AdapterUnreachableException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * The clauses of docs/adapter-api.md as JUnit tests, one per clause, in a model's own build: extend
 * this class and give the adapter in {@link #adapter()}. The adapter is started, checked once with
 * {@link AdapterCheck} (the check {@code model-runner check adapter} runs), stopped, and each
 * clause then passes, fails with its evidence, or is skipped with its reason (see {@link
 * ClauseTests}).
 *
 * <p>When the target gives a configuration, the clauses that judge a run of it ({@link
 * #CONFIGURED_RUN}) must be judged: the check skips them when the model ends in {@code ERROR} with
 * that configuration, which a build would otherwise pass unnoticed, so here such a skip fails (a
 * SHOULD clause warns).
 *
 * <p>An example, the SEIR example model's own test, is in docs/writing-an-adapter.md § "Check your
 * adapter".
 */
@API(status = STABLE, since = "0.1.0")
public abstract class AdapterConformance {
  /** For subclasses. */
  protected AdapterConformance() {}

  /** The clauses that need a run of the given configuration to be judged. */
  public static final Set<Clause> CONFIGURED_RUN =
      Set.of(
          AdapterClauses.INITIALIZE,
          AdapterClauses.RUN,
          AdapterClauses.STATUS,
          AdapterClauses.RESULTS,
          AdapterClauses.RESULTS_SUCCEEDED);

  /**
   * Starts (or finds) the adapter to check. Called once per test class run, before the check; the
   * result is closed when the check is done.
   */
  protected abstract AdapterUnderTest adapter() throws Exception;

  /** The client the check calls the adapter with: HTTP/1.1, as the deployed orchestrator speaks. */
  protected HttpClient httpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /**
   * Checks the adapter and yields one test per clause, named {@code "<id> <rule>"}.
   *
   * @throws AssertionFailedError naming the URL when the adapter cannot be called at all
   */
  /**
   * How to check beyond the lifecycle: the declared capacity ({@code withCapacity}), the registry
   * the adapter registers with ({@code withRegistry}), the profile. The adapter's stop is added
   * here, so that with a registry its deregistration is judged too.
   */
  protected AdapterCheckOptions options() {
    return AdapterCheckOptions.defaults();
  }

  @TestFactory
  @DisplayName("adapter contract")
  public final Stream<DynamicTest> adapterContract() throws Exception {
    AdapterUnderTest adapter = adapter();
    AtomicBoolean stopped = new AtomicBoolean();
    CheckReport report;
    try {
      report =
          check(
              adapter,
              options()
                  .withStopper(
                      () -> {
                        if (stopped.compareAndSet(false, true)) {
                          adapter.close();
                        }
                      }));
    } finally {
      if (stopped.compareAndSet(false, true)) {
        adapter.close();
      }
    }
    return ClauseTests.of(report);
  }

  private CheckReport check(AdapterUnderTest adapter, AdapterCheckOptions options) {
    AdapterTarget target = adapter.target();
    try {
      CheckReport report = new AdapterCheck(httpClient()).check(target, options);
      return target.configuration().isPresent() ? configuredRunJudged(report) : report;
    } catch (AdapterUnreachableException e) {
      // The message names the call and the URL; the HTTP client's stack trace would only hide it.
      throw new AssertionFailedError(target.subject() + " cannot be checked: " + e.getMessage());
    }
  }

  /**
   * The report with each skipped {@link #CONFIGURED_RUN} clause broken instead, unless a failure
   * before it (request, initialize, run, …) already explains the skip.
   */
  static CheckReport configuredRunJudged(CheckReport report) {
    boolean explained =
        report.findings().stream()
            .anyMatch(
                f ->
                    f.outcome() == Outcome.FAIL
                        && (f.clause().equals(AdapterClauses.REQUEST)
                            || CONFIGURED_RUN.contains(f.clause())));
    if (explained) {
      return report;
    }
    return new CheckReport(
        report.subject(),
        report.findings().stream()
            .map(
                f ->
                    f.outcome() == Outcome.SKIP && CONFIGURED_RUN.contains(f.clause())
                        ? Finding.broken(
                            f.clause(),
                            "not judged with the configuration this test gives: "
                                + f.detail()
                                + " (give adapter() a configuration the model runs to the end)",
                            f.evidence())
                        : f)
            .toList());
  }
}
