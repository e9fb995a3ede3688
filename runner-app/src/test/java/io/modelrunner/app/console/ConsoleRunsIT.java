package io.modelrunner.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.testkit.junit.RequiresServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The runs list in a real browser against a real {@code serve} with real runs: it shows a
 * dispatched run and its fields, follows its state without a reload, filters by state, model and
 * request id, and fits a phone's width.
 */
@RequiresServer(ChromiumAndDriver.class)
@ExtendWith(BrowserExtension.class)
class ConsoleRunsIT {
  @TempDir static Path dir;
  static ConsoleServer server;

  @BeforeAll
  static void start() throws Exception {
    server = ConsoleServer.start(dir, "console-runs");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theListShowsADispatchedRunWithItsFields(Browser browser) {
    String runId = server.dispatch("runs-listed", "epi-a").get(0);
    ConsolePage page = new ConsolePage(browser, server).openLoggedIn();

    String row = page.runRow(runId);
    browser.await("the dispatched run's row", d -> !page.all(row).isEmpty());
    assertThat(page.textOf(row + " td[data-field=model]")).isEqualTo("epi-a");
    assertThat(page.textOf(row + " td[data-field=requestId]")).isEqualTo("runs-listed");
    assertThat(page.textOf(row + " td[data-field=state]")).isIn("QUEUED", "RUNNING", "COMPLETE");
    assertThat(page.find(row + " a[data-run-link]").getAttribute("href"))
        .endsWith("#/runs/" + runId);

    page.awaitRowState(runId, "COMPLETE");
    browser.screenshot("runs");
    JsonNode run = server.run(runId);
    assertThat(page.textOf(row + " td[data-field=node]"))
        .as("td[data-field=node] of the run's row: the node that ran it")
        .isEqualTo(run.path("node").asText());
    for (String field : List.of("createdAt", "startedAt", "finishedAt", "duration")) {
      browser.await(
          field + " of a finished run", d -> page.hasText(row + " td[data-field=" + field + "]"));
    }
    browser.await("#state-counts counts the complete run", d -> count(page, "COMPLETE") >= 1);

    page.find(row + " a[data-run-link]").click();
    page.awaitView("run");
    assertThat(page.find("section#run").getAttribute("data-run-id")).isEqualTo(runId);
  }

  @Test
  void aRunsStateChangesInThePageWithoutAReload(Browser browser) throws Exception {
    String runId = server.dispatch("runs-live", "slow").get(0);
    ConsolePage page = new ConsolePage(browser, server).openLoggedIn();
    browser.await("the slow run's row", d -> !page.all(page.runRow(runId)).isEmpty());
    page.markDocument();
    page.awaitRowState(runId, "RUNNING");

    server.release(runId);

    page.awaitRowState(runId, "COMPLETE");
    assertThat(page.sameDocument()).as("the page was not reloaded").isTrue();
    assertThat(page.view()).isEqualTo("runs");
  }

  @Test
  void theListFiltersByStateModelAndRequestId(Browser browser) {
    List<String> one = server.dispatch("filter-one", "epi-a", "failing");
    List<String> two = server.dispatch("filter-two", "epi-b");
    for (String runId : List.of(one.get(0), one.get(1), two.get(0))) {
      server.awaitRun(runId, ConsoleServer::ended);
    }
    ConsolePage page = new ConsolePage(browser, server).openLoggedIn();
    // every filter has a label; the refresh status is announced politely
    for (String input :
        List.of("select#filter-state", "input#filter-model", "input#filter-request")) {
      assertThat((Long) browser.script("return arguments[0].labels.length;", page.find(input)))
          .as("labels of %s", input)
          .isPositive();
    }
    assertThat(page.find("#refresh-status").getAttribute("aria-live")).isEqualTo("polite");

    new Select(page.find("select#filter-state")).selectByValue("FAILED");
    awaitRows(page, "state", "FAILED"::equals, Set.of(one.get(1)));
    browser.screenshot("runs-filtered");

    new Select(page.find("select#filter-state")).selectByValue("");
    type(page.find("input#filter-model"), "epi-b");
    awaitRows(page, "model", "epi-b"::equals, Set.of(two.get(0)));

    type(page.find("input#filter-model"), "");
    type(page.find("input#filter-request"), "filter-one");
    awaitRows(page, "requestId", "filter-one"::equals, Set.of(one.get(0), one.get(1)));
    assertThat(page.rowRunIds()).containsExactlyInAnyOrderElementsOf(one);
  }

  @Test
  void aPhoneSizedWindowShowsTheRunsWithoutHorizontalPageOverflow(Browser browser) {
    String runId = server.dispatch("runs-phone", "epi-a").get(0);
    server.awaitRun(runId, ConsoleServer::ended);
    browser.resize(390, 844);
    ConsolePage page = new ConsolePage(browser, server).openLoggedIn();
    browser.await("the run's row", d -> !page.all(page.runRow(runId)).isEmpty());

    long innerWidth = (Long) browser.script("return window.innerWidth;");
    long scrollWidth = (Long) browser.script("return document.documentElement.scrollWidth;");
    assertThat(innerWidth).as("the window is phone-sized").isLessThanOrEqualTo(390);
    assertThat(scrollWidth).as("page width at %d px", innerWidth).isLessThanOrEqualTo(innerWidth);
    assertThat(page.find(page.runRow(runId) + " td[data-field=state]").getText())
        .isEqualTo("COMPLETE");
    browser.screenshot("runs-phone");
  }

  /** Replaces the input's text and applies it (Enter). */
  private static void type(WebElement input, String text) {
    input.clear();
    input.sendKeys(text + Keys.ENTER);
  }

  /**
   * Waits until every row's {@code field} passes {@code matches} and the rows include {@code
   * runIds}.
   */
  private static void awaitRows(
      ConsolePage page, String field, Predicate<String> matches, Set<String> runIds) {
    page.browser()
        .await(
            "rows filtered by " + field + " including " + runIds,
            d -> {
              List<WebElement> rows = page.all("table#runs-table tbody tr[data-run-id]");
              boolean allMatch =
                  rows.stream()
                      .allMatch(
                          r ->
                              matches.test(
                                  r.findElement(
                                          org.openqa.selenium.By.cssSelector(
                                              "td[data-field=" + field + "]"))
                                      .getText()));
              return allMatch && page.rowRunIds().containsAll(runIds);
            });
  }

  private static long count(ConsolePage page, String state) {
    String text = page.textOf("#state-counts [data-state=" + state + "] .count");
    return text == null || !text.strip().matches("\\d+") ? -1 : Long.parseLong(text.strip());
  }
}
