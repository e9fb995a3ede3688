package io.modelrunner.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.testkit.junit.RequiresServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's login in a real browser against a real {@code serve}: without a token it shows the
 * login and fetches nothing; a wrong token is refused and not kept; the right one is kept in the
 * tab's sessionStorage, sent only as a header (never in a URL), and dropped on logout.
 */
@RequiresServer(ChromiumAndDriver.class)
@ExtendWith(BrowserExtension.class)
class ConsoleLoginIT {
  @TempDir static Path dir;
  static ConsoleServer server;
  static String runId;

  @BeforeAll
  static void start() throws Exception {
    server = ConsoleServer.start(dir, "console-login");
    runId = server.dispatch("login-secret-request", "epi-a").get(0);
    server.awaitRun(runId, ConsoleServer::ended);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void withoutATokenTheLoginShowsAndNoDataIsFetched(Browser browser) {
    ConsolePage page = new ConsolePage(browser, server);
    // a deep link to a run still shows only the login
    browser.driver().get(server.consoleUri() + "#/runs/" + runId);
    page.awaitView("login");
    page.go("overview", "login");

    assertThat(page.find("form#login-form input#login-token").getAttribute("type"))
        .isEqualTo("password");
    assertThat(page.all("table#runs-table, section#run, section#overview")).isEmpty();
    assertThat(page.find("body").getText()).doesNotContain("login-secret-request");
    assertThat(browser.requestedUrls())
        .as("requests of a page without a token")
        .isNotEmpty()
        .noneMatch(ConsoleLoginIT::isData);
    browser.screenshot("login");
  }

  @Test
  void aWrongTokenIsRefusedWithAnErrorAndNotKept(Browser browser) {
    browser.expectError(Pattern.compile("/api/runs.* - Failed to load resource: .*401"));
    ConsolePage page = new ConsolePage(browser, server).open();

    page.submitToken("not-the-token");

    browser.await(
        "#login-error shows why",
        d -> {
          String error = page.textOf("#login-error");
          return error != null && !error.isBlank();
        });
    assertThat(page.view()).isEqualTo("login");
    assertThat(storedValues(browser, "sessionStorage")).doesNotContain("not-the-token");
    assertThat(page.all("table#runs-table")).isEmpty();
    browser.screenshot("login-refused");

    page.login(server.token());
    assertThat(page.all(page.runRow(runId))).hasSize(1);
  }

  @Test
  void theTokenStaysInTheTabsSessionStorageAndNeverInAUrl(Browser browser) {
    ConsolePage page = new ConsolePage(browser, server).openLoggedIn();
    page.goToRun(runId);
    for (String route : List.of("overview", "models", "adapters", "nodes", "runs")) {
      page.go(route, route);
      assertThat(browser.driver().getCurrentUrl()).doesNotContain(server.token());
    }

    assertThat(storedValues(browser, "sessionStorage")).contains(server.token());
    assertThat(storedValues(browser, "localStorage")).doesNotContain(server.token());
    assertThat((String) browser.script("return document.cookie;")).doesNotContain(server.token());
    List<String> urls = browser.requestedUrls();
    assertThat(urls).anyMatch(ConsoleLoginIT::isData);
    assertThat(urls).noneMatch(u -> u.contains(server.token()));

    page.find("button#logout").click();
    page.awaitView("login");
    assertThat(storedValues(browser, "sessionStorage")).doesNotContain(server.token());
    assertThat(page.all("table#runs-table")).isEmpty();
  }

  /** A request to the service for anything but the console's own files. */
  private static boolean isData(String url) {
    URI uri = URI.create(url);
    return uri.getScheme().startsWith("http") && !uri.getPath().startsWith("/ui/");
  }

  @SuppressWarnings("unchecked")
  private static List<String> storedValues(Browser browser, String storage) {
    return (List<String>)
        browser.script(
            "const s = window[arguments[0]]; const v = [];"
                + " for (let i = 0; i < s.length; i++) { v.push(s.getItem(s.key(i))); } return v;",
            storage);
  }
}
