package io.modelrunner.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.RunStatus;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.core.callback.CallbackClient;
import io.modelrunner.core.callback.CallbackSettings;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.engine.process.ProcessEngine;
import io.modelrunner.core.pipeline.FailureReason.Kind;
import io.modelrunner.core.store.filesystem.FileSystemResultStore;
import io.modelrunner.core.support.ProcessTrees;
import io.modelrunner.core.support.TestModels;
import io.modelrunner.core.support.WebAppSink;
import io.modelrunner.core.support.WebAppSink.Answer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole requests through the real pipeline: real shell-script models on the {@link ProcessEngine},
 * a real filesystem store and a real HTTP web application receiving the callbacks.
 */
class ProcessPipelineIT {
  private static final String SECRET = "pipeline-it-secret";

  @TempDir Path dir;
  private WebAppSink webApp;
  private FileSystemResultStore store;

  @BeforeEach
  void start() throws Exception {
    webApp = new WebAppSink();
    store = new FileSystemResultStore(dir.resolve("store"));
  }

  @AfterEach
  void stop() {
    webApp.close();
  }

  /** A catalog with one entry per (slug, script body), all with {@code limits}. */
  private ModelsCatalog catalog(String limits, Map<String, String> models) throws Exception {
    StringBuilder json = new StringBuilder("{\"models\":{");
    String sep = "";
    for (var model : models.entrySet()) {
      TestModels.script(dir.resolve("models"), model.getKey() + ".sh", model.getValue());
      json.append(sep)
          .append('"')
          .append(model.getKey())
          .append("\":{\"command\":[\"./")
          .append(model.getKey())
          .append(".sh\"],\"limits\":")
          .append(limits)
          .append('}');
      sep = ",";
    }
    json.append("}}");
    return ModelsCatalog.load(
        Files.writeString(dir.resolve("models/catalog.json"), json.toString()));
  }

  private List<RunResult> run(ModelsCatalog catalog, int parallelism, String... slugs)
      throws Exception {
    return run(catalog, parallelism, false, slugs);
  }

  private List<RunResult> run(
      ModelsCatalog catalog, int parallelism, boolean reuseStoredResults, String... slugs)
      throws Exception {
    var settings =
        PipelineSettings.defaults(dir.resolve("work"), new SchemaValidator(), "1.0.0-test")
            .withReuseStoredResults(reuseStoredResults);
    var callbacks =
        new CallbackClient(
            new CallbackSettings(
                Duration.ofSeconds(5), 3, Duration.ofMillis(10), Duration.ofMillis(50), SECRET));
    var pipeline = new RunPipeline(new ProcessEngine(), store, callbacks, settings);
    var runner = new RequestRunner(pipeline, catalog, parallelism);
    return runner.run(
        TestModels.request("req-42", webApp.url(), slugs),
        Cancellation.none(),
        ProgressListener.NONE);
  }

  @Test
  void twoCatalogEntriesRunningOneCommandWithDifferentEnvironmentsKeepTheirOwnResults()
      throws Exception {
    TestModels.script(
        dir.resolve("models"), "variant.sh", "echo \"variant $VARIANT\"\n" + TestModels.GOOD);
    ModelsCatalog catalog =
        ModelsCatalog.load(
            Files.writeString(
                dir.resolve("models/catalog.json"),
                "{\"models\":{"
                    + "\"a\":{\"command\":[\"./variant.sh\"],\"environment\":{\"VARIANT\":\"a\"}},"
                    + "\"b\":{\"command\":[\"./variant.sh\"],\"environment\":{\"VARIANT\":\"b\"}}}}"));

    List<RunResult> results = run(catalog, 2, "a", "b");

    assertThat(results).extracting(RunResult::status).containsOnly(RunStatus.COMPLETE);
    assertThat(results.get(0).storePrefix()).isNotEqualTo(results.get(1).storePrefix());
    for (RunResult result : results) {
      Path log = Path.of(URI.create(result.artifact("log/container.log").orElseThrow().location()));
      assertThat(log).content().contains("variant " + result.modelSlug());
    }
  }

  @Test
  void goodModelCompletesWithStoredResultsAndOrderedCallbacks() throws Exception {
    RunResult result = run(catalog("{}", Map.of("good", TestModels.GOOD)), 1, "good").get(0);

    assertThat(result.status()).as(String.valueOf(result.reason())).isEqualTo(RunStatus.COMPLETE);
    assertThat(result.identity().engine()).isEqualTo("process");
    assertThat(result.identity().id()).startsWith("sha256:");
    Path data = Path.of(URI.create(result.resultsLocation()));
    Path export = Path.of(URI.create(result.exportLocation()));
    assertThat(data).startsWith(store.root()).isRegularFile();
    JsonNode output = JsonMappers.standard().readTree(data.toFile());
    assertThat(output.path("metadata"))
        .isEqualTo(JsonMappers.standard().readTree(TestModels.CONFIGURATION));
    try (ZipFile zip = new ZipFile(export.toFile())) {
      assertThat(zip.stream().map(e -> e.getName()).toList())
          .containsExactly("input/inputFile.json", "log/container.log", "output/data.json");
    }
    assertThat(result.artifact("log/container.log").orElseThrow().key()).contains("/private/log/");
    assertThat(Path.of(URI.create(result.artifact("log/container.log").orElseThrow().location())))
        .content()
        .contains("model starting", "done");

    var received = webApp.received();
    assertThat(received)
        .extracting(WebAppSink.Received::status)
        .containsExactly("in-progress", "complete");
    assertThat(received)
        .allSatisfy(
            r -> {
              assertThat(r.method()).isEqualTo("POST");
              assertThat(r.path()).isEqualTo("/api/simulations/req-42");
              assertThat(r.authorization()).isEqualTo("Bearer " + SECRET);
              assertThat(r.body().path("modelSlug").asText()).isEqualTo("good");
              assertThat(r.body().path("runnerVersion").asText()).isEqualTo("1.0.0-test");
              assertThat(r.body().path("engine").asText()).isEqualTo("process");
              assertThat(r.body().has("workflowRunID")).as("omitted when not configured").isFalse();
            });
    assertThat(received.get(1).body().path("resultsLocation").asText())
        .isEqualTo(result.resultsLocation());
    assertThat(received.get(1).body().path("exportLocation").asText())
        .isEqualTo(result.exportLocation());
    assertThat(workspaces()).isEmpty();
  }

  @Test
  void sameRequestAndModelGiveTheSameKeyAndTheSameExportBytes() throws Exception {
    var catalog = catalog("{}", Map.of("good", TestModels.GOOD));
    RunResult first = run(catalog, 1, "good").get(0);
    byte[] firstZip = Files.readAllBytes(Path.of(URI.create(first.exportLocation())));
    RunResult second = run(catalog, 1, "good").get(0);

    assertThat(second.storePrefix()).isEqualTo(first.storePrefix());
    assertThat(second.artifact("export.zip").orElseThrow().sha256())
        .isEqualTo(first.artifact("export.zip").orElseThrow().sha256());
    assertThat(Files.readAllBytes(Path.of(URI.create(second.exportLocation()))))
        .isEqualTo(firstZip);
  }

  @Test
  void storedResultsOfTheSameRequestAndModelAreReusedWhenAskedAndTheModelDoesNotRunAgain()
      throws Exception {
    Path runs = dir.resolve("runs.txt");
    String counting = "echo run >> '" + runs + "'\n" + TestModels.GOOD;
    var catalog = catalog("{}", Map.of("good", counting));
    RunResult first = run(catalog, 1, true, "good").get(0);
    RunResult second = run(catalog, 1, true, "good").get(0);

    assertThat(Files.readAllLines(runs)).as("the model ran once").hasSize(1);
    assertThat(second.status()).isEqualTo(RunStatus.COMPLETE);
    assertThat(second.resultsLocation()).isEqualTo(first.resultsLocation());
    assertThat(second.exportLocation()).isEqualTo(first.exportLocation());
    assertThat(second.artifact("data.json").orElseThrow().sha256())
        .isEqualTo(first.artifact("data.json").orElseThrow().sha256());
    assertThat(second.warnings()).anyMatch(w -> w.contains("stored results reused"));
    var received = webApp.received();
    assertThat(received)
        .extracting(WebAppSink.Received::status)
        .containsExactly("in-progress", "complete", "complete");
    assertThat(received.get(1).body().has("cached")).isFalse();
    assertThat(received.get(2).body().path("cached").asBoolean()).isTrue();
    assertThat(received.get(2).body().path("resultsLocation").asText())
        .isEqualTo(first.resultsLocation());
  }

  @Test
  void storedResultsAreNotReusedByDefault() throws Exception {
    Path runs = dir.resolve("runs.txt");
    var catalog = catalog("{}", Map.of("good", "echo run >> '" + runs + "'\n" + TestModels.GOOD));
    run(catalog, 1, "good");
    run(catalog, 1, "good");
    assertThat(Files.readAllLines(runs)).hasSize(2);
  }

  @Test
  void modelExitingThreeFailsAsModelErrorWithExitCodeAndLogTail() throws Exception {
    String body = "echo 'reading input'\necho 'fatal: calibration diverged' >&2\nexit 3\n";
    RunResult result = run(catalog("{}", Map.of("exit3", body)), 1, "exit3").get(0);

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(result.reason().kind()).isEqualTo(Kind.MODEL_ERROR);
    assertThat(result.reason().exitCode()).isEqualTo(3);
    assertThat(result.reason().logTail())
        .containsExactly("reading input", "fatal: calibration diverged");
    assertThat(webApp.statuses()).containsExactly("in-progress", "failed");
    JsonNode reason = webApp.received().get(1).body().path("reason");
    assertThat(reason.path("kind").asText()).isEqualTo("model-error");
    assertThat(reason.path("exitCode").asInt()).isEqualTo(3);
    assertThat(webApp.received().get(1).body().path("resultsLocation").asText()).isEmpty();
    assertThat(result.artifacts()).extracting(Artifact::name).containsExactly("log/container.log");
    assertThat(workspaces()).isEmpty();
  }

  @Test
  void filesWithCrLfAndBackslashesInTheirNamesAreSkippedAndTheRunCompletesWithEveryOtherLog()
      throws Exception {
    String body =
        TestModels.WRITE_VALID_OUTPUT
            + "echo kept > \"$LOG/progress.log\"\n"
            + "echo lost > \"$LOG/$(printf 'evil\\r\\nname').log\"\n"
            + "echo lost > \"$LOG/back\\\\slash.log\"\n"
            + "echo lost > \"$OUT/$(printf 'line\\nfeed').csv\"\n"
            + "echo model done\n";
    RunResult result = run(catalog("{}", Map.of("names", body)), 1, "names").get(0);

    assertThat(result.status()).as(String.valueOf(result.reason())).isEqualTo(RunStatus.COMPLETE);
    assertThat(result.warnings())
        .contains(
            "line\\nfeed.csv: a name with a control character",
            "log/evil\\r\\nname.log: a name with a control character",
            "log/back\\\\slash.log: a name with a backslash");
    assertThat(result.artifacts())
        .extracting(Artifact::name)
        .containsExactlyInAnyOrder(
            "data.json", "export.zip", "log/container.log", "log/progress.log");
    try (ZipFile zip = new ZipFile(Path.of(URI.create(result.exportLocation())).toFile())) {
      assertThat(zip.stream().map(e -> e.getName()).toList())
          .containsExactly(
              "input/inputFile.json", "log/container.log", "log/progress.log", "output/data.json");
    }
    assertThat(webApp.statuses()).containsExactly("in-progress", "complete");
  }

  @Test
  void modelWritingInvalidJsonFailsAsInvalidOutput() throws Exception {
    String body = "echo '{\"metadata\": ' > \"$OUT/data.json\"\n";
    RunResult result = run(catalog("{}", Map.of("badjson", body)), 1, "badjson").get(0);

    assertThat(result.reason().kind()).isEqualTo(Kind.INVALID_OUTPUT);
    assertThat(result.reason().message()).contains("data.json is not JSON");
    assertThat(webApp.statuses()).containsExactly("in-progress", "failed");
    assertThat(webApp.received().get(1).body().path("reason").path("kind").asText())
        .isEqualTo("invalid-output");
  }

  @Test
  void modelPastItsDeadlineIsKilledWithItsChildren() throws Exception {
    String body = "sleep 300 &\necho $! > \"$LOG/child.pid\"\necho started\nsleep 300\n";
    RunResult result =
        run(catalog("{\"deadline\":\"PT1S\"}", Map.of("sleepy", body)), 1, "sleepy").get(0);

    assertThat(result.reason().kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(result.reason().message()).contains("deadline");
    assertThat(result.reason().logTail()).contains("started");
    assertThat(webApp.statuses()).containsExactly("in-progress", "failed");
    Path childPid = Path.of(URI.create(result.artifact("log/child.pid").orElseThrow().location()));
    long pid = Long.parseLong(Files.readString(childPid).strip());
    assertThat(ProcessTrees.stopsRunning(pid)).as("child " + pid + " still running").isTrue();
  }

  @Test
  void cancelAnswerToTheStartCallbackEndsTheRunBeforeTheModelStarts() throws Exception {
    Path marker = dir.resolve("model-ran");
    webApp.answer(r -> r.status().equals("in-progress") ? Answer.cancel() : Answer.ok());
    RunResult result =
        run(catalog("{}", Map.of("good", "touch '" + marker + "'\n" + TestModels.GOOD)), 1, "good")
            .get(0);

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(result.reason().kind()).isEqualTo(Kind.CANCELLED);
    assertThat(result.reason().message()).contains("cancel");
    assertThat(marker).doesNotExist();
    assertThat(webApp.statuses()).containsExactly("in-progress", "failed");
    assertThat(webApp.received().get(1).body().path("reason").path("kind").asText())
        .isEqualTo("cancelled");
    assertThat(workspaces()).isEmpty();
  }

  @Test
  void logBeyondTheCapIsDroppedWithAMarker() throws Exception {
    String body =
        "i=0\nwhile [ $i -lt 20000 ]; do echo \"line $i of a very chatty model ......\"; i=$((i+1)); done\n"
            + TestModels.WRITE_VALID_OUTPUT;
    RunResult result =
        run(catalog("{\"logCapBytes\":65536}", Map.of("chatty", body)), 1, "chatty").get(0);

    assertThat(result.status()).as(String.valueOf(result.reason())).isEqualTo(RunStatus.COMPLETE);
    var log = result.artifact("log/container.log").orElseThrow();
    assertThat(log.size()).isBetween(65536L, 65536L + 200);
    assertThat(Path.of(URI.create(log.location()))).content().endsWith("further output dropped\n");
  }

  @Test
  void oneFailingModelDoesNotStopTheOthers() throws Exception {
    var catalog = catalog("{}", Map.of("good", TestModels.GOOD, "bad", "exit 7\n"));
    List<RunResult> results = run(catalog, 2, "bad", "good");

    assertThat(results).extracting(RunResult::modelSlug).containsExactly("bad", "good");
    assertThat(results)
        .extracting(RunResult::status)
        .containsExactly(RunStatus.FAILED, RunStatus.COMPLETE);
    assertThat(webApp.received()).hasSize(4);
    assertThat(
            webApp.received().stream()
                .filter(r -> r.body().path("modelSlug").asText().equals("bad")))
        .extracting(WebAppSink.Received::status)
        .containsExactly("in-progress", "failed");
  }

  @Test
  void unknownSlugWithoutCommandIsAPlatformError() throws Exception {
    RunResult result = run(ModelsCatalog.empty(), 1, "nowhere").get(0);
    assertThat(result.reason().kind()).isEqualTo(Kind.PLATFORM_ERROR);
    assertThat(result.reason().message()).contains("no command for the process engine");
    assertThat(webApp.statuses()).containsExactly("failed");
  }

  private List<Path> workspaces() throws Exception {
    Path work = dir.resolve("work");
    if (!Files.isDirectory(work)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(work)) {
      return s.toList();
    }
  }
}
