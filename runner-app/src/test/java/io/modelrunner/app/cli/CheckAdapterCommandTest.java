package io.modelrunner.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.adapter.AdapterConfig;
import io.modelrunner.adapter.AdapterServer;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.app.server.EchoAdapterAccess;
import io.modelrunner.conformance.adapter.FakeAdapter;
import io.modelrunner.conformance.adapter.FakeAdapter.Breakage;
import io.modelrunner.conformance.adapter.FakeRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * {@code model-runner check adapter}, end to end through picocli, against real HTTP servers: exit
 * codes, formats, options and usage errors. What each clause catches is the conformance module's
 * AdapterGalleryTest.
 */
class CheckAdapterCommandTest {
  /** Short: the broken adapters that never finish are given up on after this. */
  private static final String SHORT_TIMEOUT = "PT0.5S";

  @Test
  void theProjectsEchoAdapterPassesAndExitsZero(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("config.json"), "{\"region\": \"NY\"}");
    try (AdapterServer server =
        AdapterServer.start(
            EchoAdapterAccess.echoAdapter(),
            AdapterConfig.builder().host("127.0.0.1").port(0).build())) {
      Result result =
          check(server.rootUri().toString(), "--config", config.toString(), "--timeout", "PT20S");

      assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
      assertThat(result.out())
          .contains(
              "PASS  A-RES-1",
              "SKIP  A-ERR-422",
              "PASS  A-STATE-1",
              "SKIP  A-CAP-1",
              "PASSED: 15 passed, 0 failed, 0 warned, 5 skipped");
    }
  }

  @Test
  void aFaithfulHandWrittenAdapterWithADeclaredCapacityPasses() throws Exception {
    try (FakeAdapter adapter = FakeAdapter.start(Breakage.NONE)) {
      Result result =
          check(adapter.root().toString(), "--json", "--capacity", "1", "--timeout", SHORT_TIMEOUT);

      assertThat(result.exitCode()).as(result.out()).isZero();
      assertThat(outcomesOtherThanPass(result))
          .containsExactly("A-REG-1 SKIP", "A-REG-2 SKIP", "A-REG-3 SKIP");
    }
  }

  @Test
  void aBrokenMustClauseExitsOneAndABrokenShouldClauseExitsZero() throws Exception {
    try (FakeAdapter broken = FakeAdapter.start(Breakage.STATUS_GOES_BACK_TO_ACCEPTED);
        FakeAdapter warned = FakeAdapter.start(Breakage.NO_ROOT_STATUS)) {
      Result failed = check(broken.root().toString(), "--timeout", SHORT_TIMEOUT);
      Result passed = check(warned.root().toString(), "--timeout", SHORT_TIMEOUT);

      assertThat(failed.exitCode()).as(failed.out()).isEqualTo(ExitCodes.FAILED);
      assertThat(failed.out()).contains("FAIL  A-STATE-1", "went from RUNNING to ACCEPTED");
      assertThat(passed.exitCode()).as(passed.out()).isZero();
      assertThat(passed.out()).contains("WARN  A-ROOT-1");
    }
  }

  @Test
  void withARegistryTheRegistryClausesAreJudgedAndDeregistrationIsSkippedWithTheReason()
      throws Exception {
    try (FakeRegistry registry = FakeRegistry.start();
        FakeAdapter adapter = FakeAdapter.start(Breakage.NONE, 1, Optional.of(registry.url()))) {
      Result result =
          check(
              adapter.root().toString(),
              "--registry",
              registry.url() + "/registry/",
              "--registry-wait",
              "PT5S",
              "--timeout",
              SHORT_TIMEOUT);

      assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
      assertThat(result.out())
          .contains("PASS  A-REG-1", "PASS  A-REG-2", "PASS  A-CAP-1", "SKIP  A-REG-3")
          .contains("the check cannot stop the adapter");
    }
  }

  @Test
  void theMmvibProfileLetsADeployedEcosystemAdapterPassWithWarnings() throws Exception {
    try (FakeAdapter adapter = FakeAdapter.start(Breakage.DEPLOYED_MMVIB)) {
      Result strict = check(adapter.root().toString(), "--timeout", SHORT_TIMEOUT);
      Result mmvib =
          check(adapter.root().toString(), "--profile", "MMVIB", "--timeout", SHORT_TIMEOUT);

      assertThat(strict.exitCode()).isEqualTo(ExitCodes.FAILED);
      assertThat(mmvib.exitCode()).as(mmvib.out()).isZero();
      assertThat(mmvib.out()).contains("WARN  A-ERR-404", "(a warning in profile mmvib)");
    }
  }

  @Test
  void anUnknownProfileIsAUsageErrorNamingTheProfiles() {
    Result result = check("http://127.0.0.1:1", "--profile", "lenient");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("--profile must be one of standard, mmvib; got lenient");
  }

  @Test
  void aCapacityBelowOneIsAUsageError() {
    Result result = check("http://127.0.0.1:1", "--capacity", "0");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("--capacity must be at least 1");
  }

  @Test
  void aRegistryThatCannotBeReachedIsAUsageErrorNamingIt() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (FakeAdapter adapter = FakeAdapter.start(Breakage.NONE)) {
      Result result =
          check(adapter.root().toString(), "--registry", "http://127.0.0.1:" + closedPort);

      assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(result.err())
          .contains("cannot call the registry", "127.0.0.1:" + closedPort + "/registry/");
    }
  }

  @Test
  void aFailureIsPrintedWithItsEvidenceAndWrittenAsJunitXml(@TempDir Path dir) throws Exception {
    Path junit = dir.resolve("check.xml");
    try (FakeAdapter adapter = FakeAdapter.start(Breakage.OK_FOR_UNKNOWN_ID)) {
      Result result =
          check(adapter.root().toString(), "--junit", junit.toString(), "--timeout", SHORT_TIMEOUT);

      assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
      assertThat(result.out())
          .contains("FAIL  A-ERR-404", "an id never requested answered HTTP 200, not 404")
          .contains("sent:     GET " + adapter.root() + "/model/status/model-runner-check-")
          .contains("received: HTTP 200 application/json {\"model_run_id\"")
          .contains("FAILED: 15 passed, 1 failed");
    }
    Element suite =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(junit.toFile())
            .getDocumentElement();
    assertThat(suite.getAttribute("tests")).isEqualTo("20");
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    assertThat(suite.getElementsByTagName("failure").getLength()).isEqualTo(1);
  }

  @Test
  void aWrongBasePathFailsTheRequestClauseAndSuggestsTheOption() throws Exception {
    try (FakeAdapter adapter = FakeAdapter.start(Breakage.NONE)) {
      Result result =
          check(adapter.root().toString(), "--base-path", "nowhere", "--timeout", SHORT_TIMEOUT);

      assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
      assertThat(result.out())
          .contains("FAIL  A-REQ-1", "(is --base-path /nowhere right?)", "/nowhere/request");
    }
  }

  @Test
  void anAdapterThatCannotBeReachedIsAUsageErrorNamingTheUrl() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Result result = check("http://127.0.0.1:" + closedPort);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("cannot call the adapter", "127.0.0.1:" + closedPort);
  }

  @Test
  void aUrlThatIsNotHttpIsAUsageError() {
    Result result = check("ftp://example.org");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("must be an http(s) URL");
  }

  @Test
  void aConfigurationFileThatIsNotJsonIsAUsageError(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("config.json"), "region: NY");
    Result result = check("http://127.0.0.1:1", "--config", config.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("is not JSON");
  }

  @Test
  void checkWithoutASubcommandIsAUsageError() {
    Result result = run("check");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("Missing command", "adapter");
  }

  private static List<String> outcomesOtherThanPass(Result result) throws Exception {
    JsonNode json = JsonMappers.standard().readTree(result.out());
    List<String> notPassed = new ArrayList<>();
    StreamSupport.stream(json.path("findings").spliterator(), false)
        .filter(f -> !f.path("outcome").asText().equals("PASS"))
        .forEach(f -> notPassed.add(f.path("clause").asText() + " " + f.path("outcome").asText()));
    return notPassed;
  }

  private static Result check(String... args) {
    List<String> all = new ArrayList<>(List.of("check", "adapter"));
    all.addAll(List.of(args));
    return run(all.toArray(String[]::new));
  }

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var commandLine = Main.newCommandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exitCode = commandLine.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  private record Result(int exitCode, String out, String err) {}
}
