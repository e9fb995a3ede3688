package io.modelrunner.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.testkit.junit.RequiresServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console's other pages in a real browser against a real {@code serve}: the overview from the
 * service's metrics, the models catalog with its schemas, the adapters registry and the nodes.
 */
@RequiresServer(ChromiumAndDriver.class)
@ExtendWith(BrowserExtension.class)
class ConsolePagesIT {
  private static final List<String> SLUGS =
      List.of("epi-a", "epi-b", "failing", "slow", "hostile", "energy");

  @TempDir static Path dir;
  static ConsoleServer server;

  @BeforeAll
  static void start() throws Exception {
    server = ConsoleServer.start(dir, "console-pages");
    for (String runId : server.dispatch("pages-runs", "epi-a", "failing")) {
      server.awaitRun(runId, ConsoleServer::ended);
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theOverviewShowsQueueRunsAndFailuresByKind(Browser browser) {
    ConsolePage page = new ConsolePage(browser, server).openLoggedIn().go("overview", "overview");

    for (String metric : List.of("queue-depth", "runs-per-minute", "active-runs")) {
      String css = "section#overview [data-metric=" + metric + "]";
      browser.await(css + " shows a number", d -> page.hasText(css) && hasNumber(page.textOf(css)));
    }
    String failures = "table#failures-by-kind tbody tr[data-kind='model-error']";
    browser.await(failures, d -> !page.all(failures).isEmpty());
    assertThat(page.textOf(failures)).contains("1");
    browser.screenshot("overview");
  }

  @Test
  void theModelsPageListsTheCatalogAndShowsASchema(Browser browser) {
    ConsolePage page = new ConsolePage(browser, server).openLoggedIn().go("models", "models");

    for (String slug : SLUGS) {
      assertThat(page.all("table#models-table tbody tr[data-model='" + slug + "']"))
          .as("row of %s", slug)
          .hasSize(1);
    }
    WebElement energy = page.find("table#models-table tbody tr[data-model='energy']");
    List<WebElement> links = energy.findElements(By.cssSelector("a, button"));
    assertThat(links).as("schema links of energy").isNotEmpty();
    WebElement output =
        links.stream()
            .filter(l -> l.getText().toLowerCase(java.util.Locale.ROOT).contains("output"))
            .findFirst()
            .orElse(links.get(links.size() - 1));
    output.click();
    browser.await(
        "pre#schema-view shows the energy output schema",
        d ->
            !page.all("pre#schema-view").isEmpty()
                && page.textContent("pre#schema-view").contains("Energy dispatch output"));
    browser.screenshot("models");
  }

  @Test
  void theAdaptersPageListsTheRegistry(Browser browser) {
    JsonNode entry = server.registerAdapter("console-demo", "1.2.3", "http://127.0.0.1:9/demo");
    String id = entry.path("id").asText();
    ConsolePage page = new ConsolePage(browser, server).openLoggedIn().go("adapters", "adapters");

    String row = "table#adapters-table tbody tr[data-adapter='" + id + "']";
    browser.await(row, d -> !page.all(row).isEmpty());
    assertThat(page.textOf(row))
        .contains("console-demo", "1.2.3", "http://127.0.0.1:9/demo", "READY");
    browser.screenshot("adapters");
  }

  @Test
  void theNodesPageListsThisNode(Browser browser) {
    ConsolePage page = new ConsolePage(browser, server).openLoggedIn().go("nodes", "nodes");

    String row = "table#nodes-table tbody tr[data-node='" + server.nodeId() + "']";
    browser.await(row, d -> !page.all(row).isEmpty());
    assertThat(page.textOf(row)).contains(server.nodeId(), "4");
    browser.screenshot("nodes");
  }

  private static boolean hasNumber(String text) {
    return text.matches("(?s).*\\d.*");
  }
}
