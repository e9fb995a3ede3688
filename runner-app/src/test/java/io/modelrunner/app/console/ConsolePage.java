package io.modelrunner.app.console;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console in a {@link Browser}, by its DOM contract (docs of issue 19's design): {@code
 * main#view} with {@code data-view} and {@code data-ready}, the login form, hash routes.
 */
final class ConsolePage {
  private final Browser browser;
  private final ConsoleServer server;

  ConsolePage(Browser browser, ConsoleServer server) {
    this.browser = browser;
    this.server = server;
  }

  Browser browser() {
    return browser;
  }

  /** Opens {@code /ui/} and waits for the login. */
  ConsolePage open() {
    browser.driver().get(server.consoleUri().toString());
    awaitView("login");
    return this;
  }

  /** Opens the console, logs in with the service's token and waits for the runs view. */
  ConsolePage openLoggedIn() {
    open();
    return login(server.token());
  }

  /** Submits {@code token} in the login form and waits until the runs view has its data. */
  ConsolePage login(String token) {
    submitToken(token);
    awaitView("runs");
    return this;
  }

  /** Types {@code token} into the login form and submits it. */
  void submitToken(String token) {
    WebElement input =
        browser.driver().findElement(By.cssSelector("form#login-form input#login-token"));
    input.clear();
    input.sendKeys(token);
    browser.driver().findElement(By.cssSelector("button#login-submit")).click();
  }

  /** Goes to {@code #/<route>} without reloading and waits until {@code view} is ready. */
  ConsolePage go(String route, String view) {
    browser.script("window.location.hash = arguments[0];", "#/" + route);
    awaitView(view);
    return this;
  }

  /** Goes to a run's page and waits until it shows that run. */
  ConsolePage goToRun(String runId) {
    go("runs/" + runId, "run");
    browser.await(
        "the run page of " + runId,
        d -> !d.findElements(By.cssSelector("section#run[data-run-id='" + runId + "']")).isEmpty());
    return this;
  }

  /** Waits until {@code main#view} shows {@code view} with its first data rendered. */
  void awaitView(String view) {
    browser.await(
        "main#view[data-view=" + view + "][data-ready=true]",
        d ->
            !d.findElements(
                    By.cssSelector("main#view[data-view='" + view + "'][data-ready='true']"))
                .isEmpty());
  }

  /** The attribute {@code data-view} of {@code main#view}. */
  String view() {
    return browser.driver().findElement(By.cssSelector("main#view")).getAttribute("data-view");
  }

  WebElement find(String css) {
    return browser.driver().findElement(By.cssSelector(css));
  }

  List<WebElement> all(String css) {
    return browser.driver().findElements(By.cssSelector(css));
  }

  /** The text of the first element matching {@code css}, or null when there is none. */
  String textOf(String css) {
    List<WebElement> found = all(css);
    return found.isEmpty() ? null : found.get(0).getText();
  }

  /** Whether the first element matching {@code css} exists and shows some text. */
  boolean hasText(String css) {
    String text = textOf(css);
    return text != null && !text.isBlank();
  }

  /** The {@code textContent} of the first element matching {@code css} (hidden text too). */
  String textContent(String css) {
    return find(css).getAttribute("textContent");
  }

  /** Waits until the first element matching {@code css} has exactly {@code text}. */
  void awaitText(String css, String text) {
    browser.await(css + " has text " + text, d -> text.equals(textOf(css)));
  }

  /** The row of {@code runId} in the runs table. */
  String runRow(String runId) {
    return "table#runs-table tbody tr[data-run-id='" + runId + "']";
  }

  /** Waits for the state cell of {@code runId}'s row to read {@code state}. */
  void awaitRowState(String runId, String state) {
    awaitText(runRow(runId) + " td[data-field=state]", state);
  }

  /** The run ids of the runs table's rows, top to bottom. */
  List<String> rowRunIds() {
    return all("table#runs-table tbody tr[data-run-id]").stream()
        .map(r -> r.getAttribute("data-run-id"))
        .toList();
  }

  /** A marker in the page's window: present until the document is reloaded. */
  void markDocument() {
    browser.script("window.__consoleTestMarker = 'still the same document';");
  }

  boolean sameDocument() {
    return "still the same document".equals(browser.script("return window.__consoleTestMarker;"));
  }
}
