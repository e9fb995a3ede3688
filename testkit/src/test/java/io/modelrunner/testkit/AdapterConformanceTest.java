package io.modelrunner.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.sun.net.httpserver.HttpServer;
import io.modelrunner.conformance.adapter.AdapterClauses;
import io.modelrunner.conformance.adapter.AdapterTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs {@link AdapterConformance} subclasses with the JUnit engine (the nested classes below are
 * not run on their own: surefire skips nested classes) and judges the tests it generated.
 */
class AdapterConformanceTest {

  @Test
  void anAdapterThatAnswersPlainTextToEverythingFailsTheClausesItBreaks() {
    EngineExecutionResults results = run(PlainTextAdapterConformance.class);

    Events tests = results.testEvents();
    assertThat(tests.started().count()).isEqualTo(AdapterClauses.ALL.size());
    assertThat(names(tests.failed()))
        .contains(
            AdapterClauses.CONTENT_TYPE.id(),
            AdapterClauses.FOUR_KEYS.id(),
            AdapterClauses.REQUEST.id(),
            AdapterClauses.UNKNOWN_RUN.id());
    assertThat(names(tests.succeeded())).contains(AdapterClauses.ROOT_STATUS.id());
    assertThat(message(tests.failed(), AdapterClauses.CONTENT_TYPE.id()))
        .contains("breaks A-CT-1 (MUST", "text/plain", "docs/adapter-api.md#every-answer");
    assertThat(message(tests.aborted(), AdapterClauses.INITIALIZE.id()))
        .contains("request did not create a run");
    assertThat(results.containerEvents().failed().count()).isZero();
  }

  @Test
  void theAdapterIsStoppedOnceTheCheckIsDone() throws IOException {
    EngineExecutionResults results = run(PlainTextAdapterConformance.class);

    String failure = message(results.testEvents().failed(), AdapterClauses.CONTENT_TYPE.id());
    Matcher port = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(failure);
    assertThat(port.find()).as(failure).isTrue();
    assertThat(accepts(Integer.parseInt(port.group(1)))).isFalse();
  }

  @Test
  void anAdapterThatCannotBeReachedFailsOnceNamingItsUrlWithoutTheClientsStackTrace() {
    EngineExecutionResults results = run(UnreachableAdapterConformance.class);

    assertThat(results.testEvents().started().count()).isZero();
    Event failed = results.containerEvents().failed().stream().findFirst().orElseThrow();
    Throwable thrown = failure(failed);
    assertThat(thrown.getMessage())
        .startsWith("adapter http://127.0.0.1:")
        .contains("cannot be checked", "GET http://127.0.0.1:", "/status", "is it running");
    assertThat(thrown.getCause()).isNull();
  }

  private static EngineExecutionResults run(Class<?> conformanceTest) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(conformanceTest)).execute();
  }

  private static List<String> names(Events events) {
    return events.stream().map(e -> e.getTestDescriptor().getDisplayName().split(" ")[0]).toList();
  }

  private static String message(Events events, String clauseId) {
    return events.stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().startsWith(clauseId + " "))
        .findFirst()
        .map(AdapterConformanceTest::reason)
        .orElseThrow(() -> new AssertionError("no test for " + clauseId + " in " + events));
  }

  private static String reason(Event event) {
    return event
        .getPayload(TestExecutionResult.class)
        .flatMap(TestExecutionResult::getThrowable)
        .map(Throwable::getMessage)
        .orElse("");
  }

  private static Throwable failure(Event event) {
    return event
        .getPayload(TestExecutionResult.class)
        .flatMap(TestExecutionResult::getThrowable)
        .orElseThrow();
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private static HttpServer plainTextServer() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "OK".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        });
    server.start();
    return server;
  }

  private static AdapterTarget target(int port) {
    return new AdapterTarget(
        URI.create("http://127.0.0.1:" + port), "/model", Optional.of("{}"), Duration.ofSeconds(5));
  }

  /** An "adapter" that answers 200 {@code OK} as text/plain to every call. */
  static class PlainTextAdapterConformance extends AdapterConformance {
    @Override
    protected AdapterUnderTest adapter() throws IOException {
      HttpServer server = plainTextServer();
      return AdapterUnderTest.started(target(server.getAddress().getPort()), () -> server.stop(0));
    }
  }

  /** Points at a port nothing listens on any more. */
  static class UnreachableAdapterConformance extends AdapterConformance {
    @Override
    protected AdapterUnderTest adapter() throws IOException {
      HttpServer server = plainTextServer();
      int port = server.getAddress().getPort();
      server.stop(0);
      return AdapterUnderTest.running(target(port));
    }
  }
}
