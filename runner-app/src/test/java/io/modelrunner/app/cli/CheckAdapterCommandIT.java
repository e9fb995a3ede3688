package io.modelrunner.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.adapter.AdapterConfig;
import io.modelrunner.adapter.AdapterServer;
import io.modelrunner.app.server.EchoAdapterAccess;
import io.modelrunner.conformance.adapter.FakeAdapter;
import io.modelrunner.conformance.adapter.FakeAdapter.Breakage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** {@code java -jar model-runner.jar check adapter}, run as a real process. */
class CheckAdapterCommandIT {
  @Test
  void anSdkAdapterPassesWithExitZeroAndAJunitReportWithoutFailures(@TempDir Path dir)
      throws Exception {
    Path config = Files.writeString(dir.resolve("config.json"), "{\"region\": \"NY\"}");
    Path junit = dir.resolve("check.xml");
    try (AdapterServer server =
        AdapterServer.start(
            EchoAdapterAccess.echoAdapter(),
            AdapterConfig.builder().host("127.0.0.1").port(0).build())) {
      var result =
          JarProcess.run(
              "check",
              "adapter",
              server.rootUri().toString(),
              "--config",
              config.toString(),
              "--junit",
              junit.toString(),
              "--timeout",
              "PT30S");

      assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
      assertThat(result.stdout()).contains("PASSED: 15 passed, 0 failed, 0 warned, 5 skipped");
    }
    Element suite =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(junit.toFile())
            .getDocumentElement();
    assertThat(suite.getAttribute("tests")).isEqualTo("20");
    assertThat(suite.getAttribute("failures")).isEqualTo("0");
  }

  @Test
  void aBrokenAdapterExitsOneNamingTheClauseAndItsEvidence() throws Exception {
    try (FakeAdapter adapter = FakeAdapter.start(Breakage.CHARSET_IN_CONTENT_TYPE)) {
      var result =
          JarProcess.run("check", "adapter", adapter.root().toString(), "--timeout", "PT1S");

      assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(1);
      assertThat(result.stdout())
          .contains("FAIL  A-CT-1", "'application/json; charset=utf-8'", "see docs/adapter-api.md");
    }
  }
}
