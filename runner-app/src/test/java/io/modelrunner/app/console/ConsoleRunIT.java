package io.modelrunner.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.testkit.junit.RequiresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's page in a real browser against a real {@code serve}: a running run's live log and
 * timeline, its completion in place; a failed run's reason (kind, message, log tail); cancel with a
 * confirmation, which fails the run as cancelled and stops the model's process.
 */
@RequiresServer(ChromiumAndDriver.class)
@ExtendWith(BrowserExtension.class)
class ConsoleRunIT {
  @TempDir static Path dir;
  static ConsoleServer server;

  @BeforeAll
  static void start() throws Exception {
    server = ConsoleServer.start(dir, "console-run");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aRunningRunShowsItsLiveLogAndTimelineThenCompletesInPlace(Browser browser) throws Exception {
    String runId = server.dispatch("run-live", "slow").get(0);
    server.slowModelPid(runId);
    ConsolePage page = new ConsolePage(browser, server).openLoggedIn().goToRun(runId);
    page.markDocument();

    page.awaitText("#run-state", "RUNNING");
    assertThat(page.textOf("#run-model")).isEqualTo("slow");
    assertThat(page.textOf("#run-request")).isEqualTo("run-live");
    assertThat(page.all("button#run-cancel")).hasSize(1);
    // the log tail follows the model while it runs: lines it writes later appear
    browser.await(
        "pre#run-log shows the model's later lines",
        d -> page.textContent("pre#run-log").contains("still waiting (3 s)"));
    assertThat(page.textContent("pre#run-log")).contains("slow model: waiting for release/");
    browser.await(
        "#run-timeline shows the execute stage",
        d -> !page.all("#run-timeline [data-stage=execute][data-seconds]").isEmpty());
    browser.screenshot("run-running");

    server.release(runId);

    page.awaitText("#run-state", "COMPLETE");
    browser.await(
        "the output of the completed run",
        d -> !page.all("section#run-output[data-kind=epidemic]").isEmpty());
    assertThat(page.all("button#run-cancel")).isEmpty();
    assertThat(page.textContent("pre#run-log")).contains("released");
    assertThat(page.sameDocument()).as("the page was not reloaded").isTrue();
    JsonNode run = server.run(runId);
    for (JsonNode stage : run.path("stages")) {
      String name = stage.path("stage").asText();
      assertThat(page.all("#run-timeline [data-stage='" + name + "'][data-seconds]"))
          .as("timeline entry of stage %s of %s", name, run.path("stages"))
          .hasSize(1);
    }
  }

  @Test
  void aFailedRunShowsItsReasonKindMessageAndLogTail(Browser browser) {
    String runId = server.dispatch("run-failed", "failing").get(0);
    JsonNode run = server.awaitRun(runId, ConsoleServer::ended);
    assertThat(run.path("state").asText()).isEqualTo("FAILED");
    ConsolePage page = new ConsolePage(browser, server).openLoggedIn().goToRun(runId);

    page.awaitText("#run-state", "FAILED");
    JsonNode reason = run.path("reason");
    assertThat(page.textOf("#run-reason [data-field=kind]")).isEqualTo("model-error");
    assertThat(page.textOf("#run-reason [data-field=message]"))
        .isEqualTo(reason.path("message").asText());
    String tail = page.textContent("pre#run-reason-log");
    for (JsonNode line : reason.path("logTail")) {
      assertThat(tail).contains(line.asText());
    }
    assertThat(tail).contains("reading input", "fatal: calibration diverged");
    browser.await(
        "pre#run-log holds the log",
        d -> page.textContent("pre#run-log").contains("fatal: calibration diverged"));
    assertThat(page.all("button#run-cancel")).isEmpty();
    assertThat(page.all("section#run-output")).isEmpty();
    assertThat(page.textOf("dl#run-identity dd[data-field=engine]"))
        .isEqualTo(run.path("identity").path("engine").asText());
    browser.screenshot("run-failed");
  }

  @Test
  void cancelAsksForConfirmationThenFailsTheRunAsCancelledAndStopsTheModel(Browser browser) {
    String runId = server.dispatch("run-cancel", "slow").get(0);
    long pid = server.slowModelPid(runId);
    ConsolePage page = new ConsolePage(browser, server).openLoggedIn().goToRun(runId);
    page.awaitText("#run-state", "RUNNING");

    page.find("button#run-cancel").click();
    browser.await("dialog#confirm opens", d -> page.find("dialog#confirm").isDisplayed());
    browser.screenshot("run-cancel-confirm");
    page.find("button#confirm-no").click();
    browser.await("dialog#confirm closes", d -> !page.find("dialog#confirm").isDisplayed());
    assertThat(server.run(runId).path("state").asText()).isEqualTo("RUNNING");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);

    page.find("button#run-cancel").click();
    browser.await("dialog#confirm opens", d -> page.find("dialog#confirm").isDisplayed());
    page.find("button#confirm-yes").click();

    page.awaitText("#run-state", "FAILED");
    page.awaitText("#run-reason [data-field=kind]", "cancelled");
    assertThat(server.run(runId).path("reason").path("kind").asText()).isEqualTo("cancelled");
    browser.await(
        "the model's process " + pid + " is gone",
        d -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? null : true);
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEqualTo(Optional.empty());
    assertThat(page.all("button#run-cancel")).isEmpty();
    browser.screenshot("run-cancelled");
  }

  @Test
  void aCompletedRunShowsItsCallbacksIdentityAndArtifactsAndDownloadsThem(Browser browser)
      throws Exception {
    try (CallbackReceiver receiver = new CallbackReceiver()) {
      String runId = server.dispatchWithCallback("run-complete", receiver.url(), "epi-a").get(0);
      JsonNode run = server.awaitRun(runId, ConsoleRunIT::endedWithCallbacksDelivered);
      ConsolePage page = new ConsolePage(browser, server).openLoggedIn().goToRun(runId);
      page.awaitText("#run-state", "COMPLETE");

      for (JsonNode callback : run.path("callbacks")) {
        String row =
            "table#run-callbacks tbody tr[data-event='" + callback.path("event").asText() + "']";
        browser.await(row, d -> !page.all(row).isEmpty());
        assertThat(page.textOf(row + " td[data-field=status]")).isEqualTo("DELIVERED");
        assertThat(page.textOf(row + " td[data-field=httpStatus]")).isEqualTo("200");
        assertThat(page.textOf(row + " td[data-field=attempts]"))
            .isEqualTo(callback.path("attempts").asText());
        assertThat(page.hasText(row + " td[data-field=deliveredAt]")).isTrue();
      }
      assertThat(page.all("table#run-callbacks tbody tr[data-event]")).hasSize(2);
      JsonNode identity = run.path("identity");
      for (String field : List.of("engine", "imageId", "runnerVersion")) {
        assertThat(page.textOf("dl#run-identity dd[data-field=" + field + "]"))
            .as("identity %s", field)
            .isEqualTo(identity.path(field).asText());
      }
      assertThat(page.textOf("dl#run-identity dd[data-field=node]"))
          .isEqualTo(run.path("node").asText());
      assertThat(page.textOf("dl#run-identity dd[data-field=executionId]"))
          .isEqualTo(run.path("executionId").asText());
      JsonNode data = null;
      for (JsonNode artifact : run.path("artifacts")) {
        String row =
            "table#run-artifacts tbody tr[data-artifact='" + artifact.path("name").asText() + "']";
        assertThat(page.textOf(row + " td[data-field=sha256]"))
            .isEqualTo(artifact.path("sha256").asText());
        assertThat(page.hasText(row + " td[data-field=size]")).isTrue();
        if (artifact.path("name").asText().equals("data.json")) {
          data = artifact;
        }
      }
      assertThat(data).as("data.json among %s", run.path("artifacts")).isNotNull();
      browser.screenshot("run-complete");

      page.find("table#run-artifacts tbody tr[data-artifact='data.json'] button[data-download]")
          .click();

      Path downloaded =
          browser.await(
              "data.json downloaded into " + browser.downloads(),
              d -> {
                try (Stream<Path> files = Files.list(browser.downloads())) {
                  return files
                      .filter(f -> f.getFileName().toString().endsWith("data.json"))
                      .findFirst()
                      .orElse(null);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      String sha256 = data.path("sha256").asText();
      browser.await("the whole of data.json downloaded", d -> sha256.equals(sha256Hex(downloaded)));
      assertThat(receiver.received()).isGreaterThanOrEqualTo(2);
    }
  }

  private static boolean endedWithCallbacksDelivered(JsonNode run) {
    if (!ConsoleServer.ended(run) || run.path("callbacks").size() < 2) {
      return false;
    }
    for (JsonNode callback : run.path("callbacks")) {
      if (!callback.path("status").asText().equals("DELIVERED")) {
        return false;
      }
    }
    return true;
  }

  private static String sha256Hex(Path file) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      return "";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
