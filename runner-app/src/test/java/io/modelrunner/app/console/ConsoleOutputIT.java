package io.modelrunner.app.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.testkit.junit.RequiresServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * A completed run's output on its page, in a real browser against a real {@code serve}: the
 * epidemic output as charts with a point per timestamp and a series per metric, the log scale
 * toggle, another run of the same request overlaid, another domain's output charted over its
 * declared time axis, and untrusted output shown as text.
 */
@RequiresServer(ChromiumAndDriver.class)
@ExtendWith(BrowserExtension.class)
class ConsoleOutputIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The epidemic charts and their series. */
  private static final Map<String, Integer> EPIDEMIC_GROUPS =
      Map.of("Cases", 2, "Hospital", 3, "Deaths", 1, "Cumulative", 5);

  @TempDir static Path dir;
  static ConsoleServer server;
  static String epiA;
  static String epiB;
  static String energy;
  static String hostile;

  @BeforeAll
  static void start() throws Exception {
    server = ConsoleServer.start(dir, "console-output");
    List<String> compared = server.dispatch("output-compare", "epi-a", "epi-b");
    epiA = compared.get(0);
    epiB = compared.get(1);
    energy = server.dispatchEnergy("output-energy");
    hostile = server.dispatch("output-hostile", "hostile").get(0);
    java.util.Map<String, JsonNode> ended = new java.util.HashMap<>();
    for (String runId : List.of(epiA, epiB, energy, hostile)) {
      JsonNode run = server.awaitRun(runId, ConsoleServer::ended);
      assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("COMPLETE");
      ended.put(runId, run);
    }
    // epi-a and epi-b run one command with different environments: their own results each
    assertThat(ended.get(epiA).path("storePrefix").asText())
        .isNotEqualTo(ended.get(epiB).path("storePrefix").asText());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theEpidemicOutputIsChartedWithAPointPerTimestampAndASeriesPerMetric(Browser browser) {
    ConsolePage page = new ConsolePage(browser, server).openLoggedIn().goToRun(epiA);

    Map<String, WebElement> charts = awaitCharts(page, "epidemic", EPIDEMIC_GROUPS.size());
    assertThat(charts.keySet()).isEqualTo(EPIDEMIC_GROUPS.keySet());
    int series = 0;
    for (Map.Entry<String, WebElement> chart : charts.entrySet()) {
      assertThat(chart.getValue().getAttribute("data-points"))
          .as("points of %s", chart.getKey())
          .isEqualTo(String.valueOf(ConsoleModels.POINTS));
      assertThat(chart.getValue().getAttribute("data-series"))
          .as("series of %s", chart.getKey())
          .isEqualTo(String.valueOf(EPIDEMIC_GROUPS.get(chart.getKey())));
      assertThat(chart.getValue().findElements(org.openqa.selenium.By.tagName("canvas")))
          .as("canvas of %s", chart.getKey())
          .isNotEmpty();
      series += Integer.parseInt(chart.getValue().getAttribute("data-series"));
    }
    assertThat(series).isEqualTo(ConsoleModels.METRICS);

    JsonNode data = artifact(server.run(epiA), "data.json");
    String row = "table#run-artifacts tbody tr[data-artifact='data.json']";
    assertThat(page.textOf(row + " td[data-field=sha256]")).isEqualTo(data.path("sha256").asText());
    assertThat(page.all(row + " button[data-download]")).hasSize(1);
    browser.screenshot("run-output-epidemic");
  }

  @Test
  void theLogScaleToggleRedrawsEveryChartAndBack(Browser browser) {
    ConsolePage page = new ConsolePage(browser, server).openLoggedIn().goToRun(epiA);
    awaitCharts(page, "epidemic", EPIDEMIC_GROUPS.size());
    List<String> linear = canvases(browser);
    WebElement toggle = page.find("input#output-log-scale");
    assertThat(toggle.getAttribute("type")).isEqualTo("checkbox");
    assertThat(toggle.isSelected()).isFalse();

    toggle.click();

    browser.await(
        "every chart redrawn on a log scale",
        d -> {
          List<String> now = canvases(browser);
          for (int i = 0; i < linear.size(); i++) {
            if (now.get(i).equals(linear.get(i))) {
              return false;
            }
          }
          return now.size() == linear.size();
        });
    assertThat(page.find("input#output-log-scale").isSelected()).isTrue();
    browser.screenshot("run-output-log-scale");

    page.find("input#output-log-scale").click();
    browser.await("every chart back on a linear scale", d -> canvases(browser).equals(linear));
  }

  @Test
  void anotherRunOfTheSameRequestIsOverlaidOnTheCharts(Browser browser) {
    ConsolePage page = new ConsolePage(browser, server).openLoggedIn().goToRun(epiA);
    awaitCharts(page, "epidemic", EPIDEMIC_GROUPS.size());
    Select compare = new Select(page.find("select#compare-with"));
    browser.await(
        "select#compare-with offers " + epiB,
        d ->
            new Select(page.find("select#compare-with"))
                .getOptions().stream().anyMatch(o -> epiB.equals(o.getAttribute("value"))));
    assertThat(compare.getOptions()).noneMatch(o -> epiA.equals(o.getAttribute("value")));

    compare.selectByValue(epiB);

    browser.await(
        "every chart has twice its series",
        d -> {
          Map<String, WebElement> charts = charts(page);
          return charts.keySet().equals(EPIDEMIC_GROUPS.keySet())
              && charts.entrySet().stream()
                  .allMatch(
                      c ->
                          String.valueOf(2 * EPIDEMIC_GROUPS.get(c.getKey()))
                              .equals(c.getValue().getAttribute("data-series")));
        });
    assertThat(page.textContent("section#run-output")).contains("epi-b");
    browser.screenshot("run-compare");
  }

  @Test
  void anotherDomainsOutputIsChartedOverItsDeclaredTimeAxis(Browser browser) throws Exception {
    JsonNode request =
        JSON.readTree(ConsoleModels.repository().resolve("examples/energy-request.json").toFile());
    int hours = request.path("configuration").path("horizonHours").asInt();
    int generators = request.path("configuration").path("generators").size();
    ConsolePage page = new ConsolePage(browser, server).openLoggedIn().goToRun(energy);

    Map<String, WebElement> charts = awaitCharts(page, "time-axis", 2);
    assertThat(charts.keySet()).containsExactlyInAnyOrder("/", "/dispatch");
    for (WebElement chart : charts.values()) {
      assertThat(chart.getAttribute("data-points")).isEqualTo(String.valueOf(hours));
      assertThat(chart.findElements(org.openqa.selenium.By.tagName("canvas"))).isNotEmpty();
    }
    // per hour: demand, unserved, price, cost, emissions (hour is the axis, marginalUnit a name)
    assertThat(charts.get("/").getAttribute("data-series")).isEqualTo("5");
    assertThat(charts.get("/dispatch").getAttribute("data-series"))
        .isEqualTo(String.valueOf(generators));
    browser.screenshot("run-output-energy");
  }

  @Test
  void markupInAModelsOutputAndLogIsShownAsTextAndNeverRun(Browser browser) {
    ConsolePage page = new ConsolePage(browser, server).openLoggedIn().goToRun(hostile);

    browser.await(
        "section#run-output[data-kind=json]",
        d -> !page.all("section#run-output[data-kind=json] pre#output-json").isEmpty());
    browser.await(
        "pre#output-json holds the output",
        d -> page.textContent("pre#output-json").contains(ConsoleModels.SCRIPT_IN_OUTPUT));
    // as JSON shows it: the quotes escaped
    assertThat(page.textContent("pre#output-json"))
        .contains(ConsoleModels.IMG_IN_OUTPUT.replace("\"", "\\\""));
    browser.await(
        "pre#run-log holds the log",
        d -> page.textContent("pre#run-log").contains(ConsoleModels.SCRIPT_IN_LOG));

    assertThat(browser.script("return typeof window.__xss;")).isEqualTo("undefined");
    assertThat(browser.script("return document.querySelectorAll('img[src=\"x\"]').length;"))
        .isEqualTo(0L);
    assertThat(
            browser.script(
                "return [...document.scripts].filter(s => s.textContent.includes('__xss')).length;"))
        .isEqualTo(0L);
    assertThatThrownBy(() -> browser.driver().switchTo().alert())
        .isInstanceOf(NoAlertPresentException.class);
    browser.screenshot("run-output-json");
  }

  /**
   * Waits for the output section of {@code kind} with {@code count} charts; returns them by group.
   */
  private static Map<String, WebElement> awaitCharts(ConsolePage page, String kind, int count) {
    page.browser()
        .await(
            count + " charts of section#run-output[data-kind=" + kind + "]",
            d ->
                page.all("section#run-output[data-kind='" + kind + "'] div.chart[data-group]")
                        .size()
                    == count);
    return charts(page);
  }

  private static Map<String, WebElement> charts(ConsolePage page) {
    return page.all("section#run-output div.chart[data-group]").stream()
        .collect(
            Collectors.toMap(c -> c.getAttribute("data-group"), c -> c, (a, b) -> a, TreeMap::new));
  }

  /** What each chart's canvas shows, as data URLs, in page order. */
  @SuppressWarnings("unchecked")
  private static List<String> canvases(Browser browser) {
    return (List<String>)
        browser.script(
            "return [...document.querySelectorAll('section#run-output div.chart')]"
                + ".map(c => c.querySelector('canvas').toDataURL());");
  }

  private static JsonNode artifact(JsonNode run, String name) {
    for (JsonNode artifact : run.path("artifacts")) {
      if (artifact.path("name").asText().equals(name)) {
        return artifact;
      }
    }
    throw new AssertionError("run has no artifact " + name + ": " + run.path("artifacts"));
  }
}
