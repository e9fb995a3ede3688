package io.modelrunner.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.api.RunStatus;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.core.callback.CallbackClient;
import io.modelrunner.core.callback.CallbackDelivery;
import io.modelrunner.core.callback.CallbackSettings;
import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.pipeline.FailureReason.Kind;
import io.modelrunner.core.store.ResultStore;
import io.modelrunner.core.store.StoreException;
import io.modelrunner.core.store.StoredObject;
import io.modelrunner.core.store.filesystem.FileSystemResultStore;
import io.modelrunner.core.support.FakeEngine;
import io.modelrunner.core.support.TestModels;
import io.modelrunner.core.support.WebAppSink;
import io.modelrunner.core.support.WebAppSink.Answer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's control flow with a hand-written engine: which callbacks go out, and when. */
class RunPipelineTest {
  @TempDir Path dir;
  private WebAppSink webApp;
  private final SchemaValidator validator = new SchemaValidator();

  @BeforeEach
  void start() throws Exception {
    webApp = new WebAppSink();
  }

  @AfterEach
  void stop() {
    webApp.close();
  }

  private RunPipeline pipeline(FakeEngine engine, ResultStore store, boolean keepOnFailure) {
    var settings =
        PipelineSettings.defaults(dir.resolve("work"), validator, "9.9.9")
            .withKeepOnFailure(keepOnFailure)
            .withWorkflowRunId("wf-77");
    var callbacks =
        new CallbackClient(
            new CallbackSettings(
                Duration.ofSeconds(5), 2, Duration.ofMillis(5), Duration.ofMillis(5), "tok"));
    return new RunPipeline(engine, store, callbacks, settings);
  }

  private RunJob job(RunRequestDocument request) {
    var model = request.models().get(0);
    return new RunJob(
        request,
        model,
        ModelLaunch.image(model.slug(), model.imageURL()),
        ExecutionLimits.defaults(),
        Cancellation.none());
  }

  private static FakeEngine writesValidOutput() {
    return new FakeEngine(
        request -> {
          Path script =
              TestModels.script(
                  request.workspace().root().resolveSibling("bin-" + request.runId()),
                  "m.sh",
                  TestModels.GOOD);
          ProcessBuilder b = new ProcessBuilder(script.toString()).redirectErrorStream(true);
          b.environment().put("MODEL_INPUT_DIR", request.workspace().input().toString());
          b.environment().put("MODEL_OUTPUT_DIR", request.workspace().output().toString());
          b.environment().put("MODEL_LOG_DIR", request.workspace().log().toString());
          b.redirectOutput(request.workspace().containerLog().toFile());
          int exit = b.start().waitFor();
          return exit == 0
              ? FakeEngine.success()
              : new ExecutionOutcome(
                  ExecutionOutcome.Kind.MODEL_ERROR, exit, Duration.ZERO, "", null);
        });
  }

  @Test
  void completedJobCallsBackStartThenCompleteWithLocationsAndDeletesTheWorkspace() {
    var store = new FileSystemResultStore(dir.resolve("store"));
    var events = Collections.synchronizedList(new ArrayList<Stage>());
    RunResult result =
        pipeline(writesValidOutput(), store, false)
            .run(
                job(TestModels.request("r1", webApp.url(), "seir")),
                (slug, stage, t) -> events.add(stage));

    assertThat(result.status()).as(String.valueOf(result.reason())).isEqualTo(RunStatus.COMPLETE);
    assertThat(webApp.statuses()).containsExactly("in-progress", "complete");
    var start = webApp.received().get(0).body();
    assertThat(start.path("modelSlug").asText()).isEqualTo("seir");
    assertThat(start.path("resultsLocation").asText()).isEmpty();
    assertThat(start.path("exportLocation").asText()).isEmpty();
    assertThat(start.path("runnerVersion").asText()).isEqualTo("9.9.9");
    assertThat(start.path("imageId").asText()).isEqualTo("sha256:fake-seir");
    assertThat(start.path("imageDigest").asText()).isEqualTo("local/x@sha256:abc");
    assertThat(start.path("imageVersion").asText()).isEqualTo("1.2.3");
    assertThat(start.path("workflowRunID").asText()).isEqualTo("wf-77");
    var complete = webApp.received().get(1).body();
    assertThat(complete.path("resultsLocation").asText())
        .isEqualTo(result.resultsLocation())
        .endsWith("/public/data.json");
    assertThat(complete.path("exportLocation").asText())
        .isEqualTo(result.exportLocation())
        .endsWith("/public/export.zip");
    assertThat(result.artifacts())
        .extracting(Artifact::name)
        .containsExactly("data.json", "export.zip", "log/container.log");
    assertThat(result.artifacts()).allSatisfy(a -> assertThat(a.sha256()).hasSize(64));
    assertThat(result.callbacks())
        .extracting(CallbackDelivery::delivered)
        .containsExactly(true, true);
    assertThat(events)
        .containsExactly(
            Stage.VALIDATE,
            Stage.PREPARE,
            Stage.START_CALLBACK,
            Stage.WORKSPACE,
            Stage.EXECUTE,
            Stage.COLLECT,
            Stage.EXPORT,
            Stage.STORE,
            Stage.FINAL_CALLBACK,
            Stage.CLEANUP);
    assertThat(result.timings()).extracting(StageTiming::stage).containsExactlyElementsOf(events);
    assertThat(workspaces()).isEmpty();
  }

  @Test
  void exactlyOneFinalCallbackWhenTheEngineThrowsAnUnexpectedException() {
    var engine =
        new FakeEngine(
            request -> {
              throw new IllegalStateException("bug in the engine");
            });
    RunResult result =
        pipeline(engine, new FileSystemResultStore(dir.resolve("store")), false)
            .run(job(TestModels.request("r1", webApp.url(), "seir")), ProgressListener.NONE);

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(result.reason().kind()).isEqualTo(Kind.PLATFORM_ERROR);
    assertThat(result.reason().message()).contains("stage execute", "bug in the engine");
    assertThat(webApp.statuses()).containsExactly("in-progress", "failed");
    assertThat(webApp.received().get(1).body().path("reason").path("kind").asText())
        .isEqualTo("platform-error");
    assertThat(workspaces()).isEmpty();
  }

  @Test
  void exactlyOneFinalCallbackWhenTheStoreThrows() {
    ResultStore broken =
        new ResultStore() {
          @Override
          public StoredObject put(String key, Path file, String contentType) {
            throw new StoreException("store unreachable");
          }

          @Override
          public Optional<StoredObject> stat(String key) {
            return Optional.empty();
          }

          @Override
          public InputStream open(String key) {
            throw new StoreException("store unreachable");
          }

          @Override
          public String location(String key) {
            return "broken:" + key;
          }

          @Override
          public String describe() {
            return "broken store";
          }
        };
    RunResult result =
        pipeline(writesValidOutput(), broken, false)
            .run(job(TestModels.request("r1", webApp.url(), "seir")), ProgressListener.NONE);

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(result.reason().kind()).isEqualTo(Kind.PLATFORM_ERROR);
    assertThat(result.reason().message()).isEqualTo("the result store failed: store unreachable");
    assertThat(result.warnings()).anyMatch(w -> w.startsWith("logs not stored"));
    assertThat(webApp.statuses()).containsExactly("in-progress", "failed");
  }

  @Test
  void exactlyOneFinalCallbackWhenTheProgressListenerAndEverythingElseThrows() {
    ProgressListener throwing =
        (slug, stage, t) -> {
          throw new IllegalStateException("listener");
        };
    var engine =
        new FakeEngine(
            request -> {
              throw new OutOfMemoryError("simulated");
            });
    RunResult result =
        pipeline(engine, new FileSystemResultStore(dir.resolve("store")), false)
            .run(job(TestModels.request("r1", webApp.url(), "seir")), throwing);
    assertThat(result.reason().kind()).isEqualTo(Kind.PLATFORM_ERROR);
    assertThat(webApp.statuses()).containsExactly("in-progress", "failed");
  }

  @Test
  void interruptedJobStillSendsItsFinalCallbackAndKeepsTheInterrupt() {
    var engine = new FakeEngine(request -> null);
    RunResult result;
    try {
      result =
          pipeline(engine, new FileSystemResultStore(dir.resolve("store")), false)
              .run(job(TestModels.request("r1", webApp.url(), "seir")), ProgressListener.NONE);
    } finally {
      assertThat(Thread.interrupted()).as("interrupt re-asserted").isTrue();
    }
    assertThat(result.reason().kind()).isEqualTo(Kind.CANCELLED);
    assertThat(webApp.statuses()).containsExactly("in-progress", "failed");
    assertThat(result.finalCallback().orElseThrow().delivered()).isTrue();
    assertThat(workspaces()).isEmpty();
  }

  @Test
  void prepareFailureIsAPlatformErrorWithAFinalCallbackAndNoStartCallback() {
    var engine =
        new FakeEngine(
            request -> FakeEngine.success(), new EngineException("image local/seir:1 missing"));
    RunResult result =
        pipeline(engine, new FileSystemResultStore(dir.resolve("store")), false)
            .run(job(TestModels.request("r1", webApp.url(), "seir")), ProgressListener.NONE);

    assertThat(result.reason().kind()).isEqualTo(Kind.PLATFORM_ERROR);
    assertThat(result.reason().message()).contains("image local/seir:1 missing");
    assertThat(engine.started).hasValue(0);
    assertThat(webApp.statuses()).containsExactly("failed");
  }

  @Test
  void invalidRequestFailsBeforeAnythingRunsAndListsTheErrors() throws Exception {
    String json =
        TestModels.requestJson("r1", webApp.url(), "seir").replace("\"region\":\"US\",", "");
    var request =
        RunRequestDocument.of(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json));
    var engine = writesValidOutput();
    RunResult result =
        pipeline(engine, new FileSystemResultStore(dir.resolve("store")), false)
            .run(job(request), ProgressListener.NONE);

    assertThat(result.reason().kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(result.reason().errors()).containsExactly("/configuration/region: is required");
    assertThat(engine.prepared).hasValue(0);
    assertThat(webApp.received()).isEmpty();
    assertThat(result.finalCallback().orElseThrow().status())
        .isEqualTo(CallbackDelivery.Status.NOT_SENT);
  }

  @Test
  void finalCallbackThatCannotBeDeliveredIsRecordedInTheResult() {
    webApp.answer(r -> r.status().equals("complete") ? new Answer(500, "") : Answer.ok());
    RunResult result =
        pipeline(writesValidOutput(), new FileSystemResultStore(dir.resolve("store")), false)
            .run(job(TestModels.request("r1", webApp.url(), "seir")), ProgressListener.NONE);

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETE);
    CallbackDelivery last = result.finalCallback().orElseThrow();
    assertThat(last.status()).isEqualTo(CallbackDelivery.Status.FAILED);
    assertThat(last.attempts()).isEqualTo(2);
    assertThat(last.detail()).contains("HTTP 500");
  }

  @Test
  void failedWorkspaceIsKeptWhenAskedAndItsLogsAreStored() {
    var engine =
        new FakeEngine(
            request -> {
              Files.writeString(request.workspace().containerLog(), "line 1\nfatal: bad input\n");
              return new ExecutionOutcome(
                  ExecutionOutcome.Kind.MODEL_ERROR, 3, Duration.ZERO, "", null);
            });
    RunResult result =
        pipeline(engine, new FileSystemResultStore(dir.resolve("store")), true)
            .run(job(TestModels.request("r1", null, "seir")), ProgressListener.NONE);

    assertThat(result.reason().kind()).isEqualTo(Kind.MODEL_ERROR);
    assertThat(result.reason().exitCode()).isEqualTo(3);
    assertThat(result.reason().logTail()).containsExactly("line 1", "fatal: bad input");
    assertThat(result.keptWorkspace()).isDirectory();
    assertThat(result.keptWorkspace().resolve("input/inputFile.json")).exists();
    assertThat(result.artifacts()).extracting(Artifact::name).containsExactly("log/container.log");
    assertThat(result.artifacts().get(0).key()).endsWith("/private/log/container.log");
    assertThat(result.callbacks())
        .extracting(CallbackDelivery::status)
        .containsOnly(CallbackDelivery.Status.NOT_SENT);
  }

  @Test
  void inputFileIsTheConfigurationAsReceived() {
    var seen = new ArrayList<String>();
    var engine =
        new FakeEngine(
            request -> {
              seen.add(Files.readString(request.workspace().inputFile()));
              return new ExecutionOutcome(
                  ExecutionOutcome.Kind.MODEL_ERROR, 1, Duration.ZERO, "", null);
            });
    pipeline(engine, new FileSystemResultStore(dir.resolve("store")), false)
        .run(job(TestModels.request("r1", null, "seir")), ProgressListener.NONE);
    assertThat(seen).containsExactly(TestModels.CONFIGURATION);
  }

  private List<Path> workspaces() {
    Path work = dir.resolve("work");
    if (!Files.isDirectory(work)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(work)) {
      return s.filter(p -> p.getFileName().toString().startsWith("mr-")).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
