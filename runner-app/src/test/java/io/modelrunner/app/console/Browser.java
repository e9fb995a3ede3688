package io.modelrunner.app.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven by ChromeDriver, both at the paths {@link BrowserPaths} finds (never
 * Selenium Manager). It keeps the page's console log and the network requests it made (from
 * ChromeDriver's performance log), so that a test can fail on any error the page logged (a script
 * error, a refused Content-Security-Policy, a failed request) and check every URL the page asked
 * for. Screenshots go to {@code target/console-screenshots/<name>.png}.
 */
final class Browser implements AutoCloseable {
  /** Generous: the machine may be loaded by other builds. */
  static final Duration WAIT = Duration.ofSeconds(Long.getLong("console.wait-seconds", 60));

  static final Path SCREENSHOTS =
      Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final Path downloads;
  private final List<LogEntry> consoleLog = new ArrayList<>();
  private final List<String> requestedUrls = new ArrayList<>();
  private final List<Pattern> expectedErrors = new ArrayList<>();
  private final Map<String, String> pending = new LinkedHashMap<>();

  private Browser(ChromeDriverService service, ChromeDriver driver, Path downloads) {
    this.service = service;
    this.driver = driver;
    this.downloads = downloads;
  }

  /** Starts Chromium headless with a 1280×900 window. */
  static Browser start(BrowserPaths paths) {
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(paths.chromedriver().toFile())
            .usingAnyFreePort()
            .withTimeout(WAIT)
            .build();
    Path downloads;
    try {
      downloads = Files.createTempDirectory("console-downloads");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a downloads folder", e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory",
            downloads.toString(),
            "download.prompt_for_download",
            false));
    options.setBinary(paths.chromium().toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    // an alert stays open so that a test can see it (a model's output must never raise one)
    options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
    return new Browser(service, driver, downloads);
  }

  /** Where the browser saves downloads. */
  Path downloads() {
    return downloads;
  }

  WebDriver driver() {
    return driver;
  }

  /** Runs {@code script} in the page and returns its value. */
  Object script(String script, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(script, arguments);
  }

  /** Waits up to {@link #WAIT} for {@code condition} to be true or non-null. */
  <T> T await(String what, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT)
        .withMessage(what)
        .ignoring(StaleElementReferenceException.class)
        .until(condition::apply);
  }

  void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** Saves what the page shows as {@code <name>.png} under {@link #SCREENSHOTS}. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save screenshot " + name, e);
    }
  }

  /**
   * Declares an error the page is expected to log (a console message matching {@code message}),
   * e.g. the 401 answer to a wrong token, so that {@link #unexpectedErrors} leaves it out.
   */
  void expectError(Pattern message) {
    expectedErrors.add(message);
  }

  /** The page's console messages so far. */
  List<LogEntry> consoleLog() {
    drainLogs();
    return List.copyOf(consoleLog);
  }

  /** Errors (level SEVERE) the page logged that no {@link #expectError} declared. */
  List<String> unexpectedErrors() {
    return consoleLog().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .filter(m -> expectedErrors.stream().noneMatch(p -> p.matcher(m).find()))
        .toList();
  }

  /** Every URL the page requested so far (documents, scripts, fetches). */
  List<String> requestedUrls() {
    drainLogs();
    return List.copyOf(requestedUrls);
  }

  /** The URLs of requests the page made that have neither finished nor failed yet. */
  List<String> pendingRequests() {
    drainLogs();
    return List.copyOf(pending.values());
  }

  private void drainLogs() {
    consoleLog.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
    for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
      try {
        JsonNode message = JSON.readTree(entry.getMessage()).path("message");
        String method = message.path("method").asText();
        JsonNode params = message.path("params");
        if (method.equals("Network.requestWillBeSent")) {
          String url = params.path("request").path("url").asText();
          requestedUrls.add(url);
          pending.put(params.path("requestId").asText(), url);
        } else if (method.equals("Network.responseReceived")
            && pending.containsKey(params.path("requestId").asText())) {
          JsonNode response = params.path("response");
          pending.computeIfPresent(
              params.path("requestId").asText(),
              (id, url) ->
                  url
                      + " (answered "
                      + response.path("status").asInt()
                      + ", headers "
                      + response.path("headers")
                      + ")");
        } else if (method.equals("Network.loadingFinished")
            || method.equals("Network.loadingFailed")) {
          pending.remove(params.path("requestId").asText());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "ChromeDriver wrote a performance entry that is not JSON", e);
      }
    }
  }

  private void deleteDownloads() {
    try (var files = Files.walk(downloads)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + downloads, e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteDownloads();
    }
  }
}
