package io.modelrunner.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.testkit.junit.RequiresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console works in Firefox too: headless Firefox ESR, driven over WebDriver BiDi by {@code
 * console/src/test/firefox/smoke.mjs}, against a real {@code serve} with real runs: the login
 * without data, the run list after logging in, the epidemic charts with a point per timestamp,
 * untrusted output as text, and not one script error or Content-Security-Policy refusal.
 * Screenshots: {@code target/console-screenshots/firefox-*.png}.
 */
@RequiresServer(FirefoxAndPuppeteer.class)
class ConsoleFirefoxIT {
  @TempDir Path dir;

  @Test
  void theConsoleShowsRunsChartsAndUntrustedOutputInFirefox() throws Exception {
    List<String> missing = new ArrayList<>();
    FirefoxSmoke smoke =
        FirefoxSmoke.find(missing)
            .orElseThrow(() -> new IllegalStateException(String.join("; ", missing)));
    try (ConsoleServer server = ConsoleServer.start(dir, "console-firefox")) {
      String epidemic = server.dispatch("firefox-epidemic", "epi-a").get(0);
      String hostile = server.dispatch("firefox-hostile", "hostile").get(0);
      for (String runId : List.of(epidemic, hostile)) {
        JsonNode run = server.awaitRun(runId, ConsoleServer::ended);
        assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("COMPLETE");
      }
      Path screenshots = Files.createDirectories(Browser.SCREENSHOTS).toAbsolutePath();

      FirefoxSmoke.Result result =
          smoke.run(
              Map.of(
                  "CONSOLE_URL", server.baseUri().toString(),
                  "CONSOLE_TOKEN", server.token(),
                  "CONSOLE_RUN_ID", epidemic,
                  "CONSOLE_POINTS", String.valueOf(ConsoleModels.POINTS),
                  "CONSOLE_CHARTS", "4",
                  "CONSOLE_HOSTILE_RUN_ID", hostile,
                  "CONSOLE_HOSTILE_TEXT", ConsoleModels.SCRIPT_IN_OUTPUT,
                  "CONSOLE_SCREENSHOTS", screenshots.toString(),
                  "CONSOLE_WAIT_SECONDS", String.valueOf(Browser.WAIT.toSeconds())),
              dir.resolve("smoke.log"),
              Browser.WAIT.multipliedBy(5));

      System.out.println("smoke.mjs:\n" + result.output());
      assertThat(result.exitCode()).as("smoke.mjs answered:\n%s", result.output()).isZero();
      for (String name : List.of("firefox-login", "firefox-runs", "firefox-run-output")) {
        assertThat(screenshots.resolve(name + ".png")).isNotEmptyFile();
      }
    }
  }
}
