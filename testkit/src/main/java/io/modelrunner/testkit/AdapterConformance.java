package io.modelrunner.testkit;

import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.adapter.AdapterCheck;
import io.modelrunner.conformance.adapter.AdapterUnreachableException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.stream.Stream;
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
 * <pre>{@code
 * class MyAdapterConformanceIT extends AdapterConformance {
 *   @Override
 *   protected AdapterUnderTest adapter() {
 *     AdapterServer server =
 *         AdapterServer.start(new MyAdapter(), AdapterConfig.builder().port(0).build());
 *     return AdapterUnderTest.started(
 *         new AdapterTarget(server.rootUri(), server.config().basePath(),
 *             Optional.of("{\"x\": 1}"), Duration.ofMinutes(2)),
 *         server);
 *   }
 * }
 * }</pre>
 */
public abstract class AdapterConformance {

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
  @TestFactory
  @DisplayName("adapter contract (docs/adapter-api.md), one test per clause")
  public final Stream<DynamicTest> adapterContract() throws Exception {
    CheckReport report;
    try (AdapterUnderTest adapter = adapter()) {
      report = check(adapter);
    }
    return ClauseTests.of(report);
  }

  private CheckReport check(AdapterUnderTest adapter) {
    try {
      return new AdapterCheck(httpClient()).check(adapter.target());
    } catch (AdapterUnreachableException e) {
      // The message names the call and the URL; the HTTP client's stack trace would only hide it.
      throw new AssertionFailedError(
          adapter.target().subject() + " cannot be checked: " + e.getMessage());
    }
  }
}
