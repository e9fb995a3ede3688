package io.modelrunner.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.api.RunStatus;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.core.callback.CallbackClient;
import io.modelrunner.core.callback.CallbackDelivery;
import io.modelrunner.core.callback.CallbackSettings;
import io.modelrunner.core.catalog.ContractSchema;
import io.modelrunner.core.catalog.ModelContract;
import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.fake.FakeEngine;
import io.modelrunner.core.pipeline.FailureReason.Kind;
import io.modelrunner.core.store.ResultStore;
import io.modelrunner.core.store.StoreException;
import io.modelrunner.core.store.StoredObject;
import io.modelrunner.core.store.filesystem.FileSystemResultStore;
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
    return FakeEngine.builder()
        .identity(
            launch ->
                new ModelIdentity(
                    "fake",
                    launch.image(),
                    "sha256:fake-" + launch.slug(),
                    "local/x@sha256:abc",
                    "1.2.3"))
        .behaviour(
            (request, run) -> {
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
              run.end(
                  exit == 0
                      ? FakeEngine.succeeded()
                      : new ExecutionOutcome(
                          ExecutionOutcome.Kind.MODEL_ERROR, exit, Duration.ZERO, "", null));
            })
        .build();
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
        FakeEngine.of(
            (request, run) -> {
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
        FakeEngine.of(
            (request, run) -> {
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
    var engine = FakeEngine.of((request, run) -> run.interruptAwait());
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
  void anInterruptSwallowedByTheStartCallbackDoesNotCostTheFinalCallback() {
    Thread jobThread = Thread.currentThread();
    Cancellation cancellation = Cancellation.none();
    webApp.answer(
        received -> {
          if (received.status().equals("in-progress")) {
            // what the service's watchdog does to a run stuck in a stage
            cancellation.cancel(FailureReason.of(Kind.TIMEOUT, "stuck in start-callback"));
            jobThread.interrupt();
            try {
              Thread.sleep(500);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return Answer.ok();
        });
    RunResult result;
    try {
      result =
          pipeline(
                  FakeEngine.of((request, run) -> run.interruptAwait()),
                  new FileSystemResultStore(dir.resolve("store")),
                  false)
              .run(
                  job(TestModels.request("r1", webApp.url(), "seir"), cancellation),
                  ProgressListener.NONE);
    } finally {
      assertThat(Thread.interrupted()).as("interrupt re-asserted").isTrue();
    }
    assertThat(result.reason().kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(result.finalCallback().orElseThrow().delivered()).isTrue();
    assertThat(webApp.statuses()).endsWith("failed");
  }

  @Test
  void prepareFailureIsAPlatformErrorWithAFinalCallbackAndNoStartCallback() {
    var engine =
        FakeEngine.builder()
            .prepareFails(new EngineException("image local/seir:1 missing"))
            .build();
    RunResult result =
        pipeline(engine, new FileSystemResultStore(dir.resolve("store")), false)
            .run(job(TestModels.request("r1", webApp.url(), "seir")), ProgressListener.NONE);

    assertThat(result.reason().kind()).isEqualTo(Kind.PLATFORM_ERROR);
    assertThat(result.reason().message()).contains("image local/seir:1 missing");
    assertThat(engine.started()).isEmpty();
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
    assertThat(result.reason().errors())
        .containsExactly("/configuration/region: is required (input schema of model seir)");
    assertThat(engine.prepared()).isEmpty();
    assertThat(webApp.received()).isEmpty();
    assertThat(result.finalCallback().orElseThrow().status())
        .isEqualTo(CallbackDelivery.Status.NOT_SENT);
  }

  @Test
  void theJobsOwnContractDecidesWhatItsConfigurationAndOutputMustBe() throws Exception {
    // the standard output, which the model's own schema (it wants "kwh") refuses
    Path kwh =
        Files.writeString(
            dir.resolve("kwh.schema.json"), "{\"type\":\"object\",\"required\":[\"kwh\"]}");
    String json =
        TestModels.requestJson("r1", webApp.url(), "seir")
            .replace(TestModels.CONFIGURATION, "{\"x\":1}");
    var request =
        RunRequestDocument.of(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json));
    var store = new FileSystemResultStore(dir.resolve("store"));
    ModelContract own =
        new ModelContract(ContractSchema.none(), ContractSchema.of("kwh", validator.load(kwh)));
    RunResult refused =
        pipeline(writesValidOutput(), store, false)
            .run(withContract(job(request), own), ProgressListener.NONE);
    assertThat(refused.reason().kind()).isEqualTo(Kind.INVALID_OUTPUT);
    assertThat(refused.reason().message()).contains("kwh.schema.json");
    assertThat(refused.reason().errors()).containsExactly("/kwh: is required");

    ModelContract none = new ModelContract(ContractSchema.none(), ContractSchema.none());
    RunResult accepted =
        pipeline(writesValidOutput(), store, false)
            .run(withContract(job(request), none), ProgressListener.NONE);
    assertThat(accepted.status()).isEqualTo(RunStatus.COMPLETE);

    // without a contract: the pipeline's defaults, the standard input, which refuses {"x":1}
    RunResult standard =
        pipeline(writesValidOutput(), store, false).run(job(request), ProgressListener.NONE);
    assertThat(standard.reason().kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(standard.reason().errors())
        .contains(
            "/configuration/x: is not allowed here (unknown property) (input schema of model seir)");
  }

  private static RunJob withContract(RunJob job, ModelContract contract) {
    return new RunJob(
        job.request(),
        job.model(),
        job.launch(),
        job.limits(),
        job.cancellation(),
        job.runId(),
        contract);
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
        FakeEngine.of(
            (request, run) -> {
              Files.writeString(request.workspace().containerLog(), "line 1\nfatal: bad input\n");
              run.end(
                  new ExecutionOutcome(
                      ExecutionOutcome.Kind.MODEL_ERROR, 3, Duration.ZERO, "", null));
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
        FakeEngine.of(
            (request, run) -> {
              seen.add(Files.readString(request.workspace().inputFile()));
              run.end(
                  new ExecutionOutcome(
                      ExecutionOutcome.Kind.MODEL_ERROR, 1, Duration.ZERO, "", null));
            });
    pipeline(engine, new FileSystemResultStore(dir.resolve("store")), false)
        .run(job(TestModels.request("r1", null, "seir")), ProgressListener.NONE);
    assertThat(seen).containsExactly(TestModels.CONFIGURATION);
  }

  private static final FailureReason WATCHDOG =
      FailureReason.of(Kind.TIMEOUT, "the run exceeded its deadline of 10m in stage execute");

  private RunJob job(RunRequestDocument request, Cancellation cancellation) {
    var model = request.models().get(0);
    return new RunJob(
        request,
        model,
        ModelLaunch.image(model.slug(), model.imageURL()),
        ExecutionLimits.defaults(),
        cancellation);
  }

  /** Records every hook as one line, in order. */
  private static final class Recorder implements ProgressListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void stageStarted(String modelSlug, Stage stage, Duration sinceJobStart) {
      events.add("stage " + stage.wireName());
    }

    @Override
    public void prepared(
        String modelSlug,
        String runId,
        io.modelrunner.core.engine.ModelIdentity identity,
        String storePrefix) {
      events.add("prepared " + modelSlug + " " + runId + " " + identity.id() + " " + storePrefix);
    }

    @Override
    public void executionStarted(String modelSlug, String runId, String executionId) {
      events.add("executionStarted " + modelSlug + " " + runId + " " + executionId);
    }

    @Override
    public void callbackSent(String modelSlug, String runId, CallbackDelivery delivery) {
      events.add("callbackSent " + runId + " " + delivery.event() + " " + delivery.status());
    }

    @Override
    public void finished(RunResult result) {
      events.add("finished " + result.status());
    }
  }

  @Test
  void jobWithARunIdRunsUnderItsRunId() {
    var seen = new ArrayList<String>();
    var engine =
        FakeEngine.of(
            (request, run) -> {
              seen.add(request.runId());
              seen.add(request.workspace().root().getFileName().toString());
              run.end(
                  new ExecutionOutcome(
                      ExecutionOutcome.Kind.MODEL_ERROR, 1, Duration.ZERO, "", null));
            });
    RunJob job = job(TestModels.request("r1", null, "seir")).withRunId("mr-service-assigned-0001");

    RunResult result =
        pipeline(engine, new FileSystemResultStore(dir.resolve("store")), false)
            .run(job, ProgressListener.NONE);

    assertThat(result.runId()).isEqualTo("mr-service-assigned-0001");
    assertThat(seen).containsExactly("mr-service-assigned-0001", "mr-service-assigned-0001");
  }

  @Test
  void jobWithoutARunIdGetsANewOneAsNewRunIdMakesIt() {
    RunResult result =
        pipeline(writesValidOutput(), new FileSystemResultStore(dir.resolve("store")), false)
            .run(job(TestModels.request("r 1", null, "seir")), ProgressListener.NONE);
    assertThat(result.runId()).matches("mr-r_1-seir-[0-9a-f]{12}");
  }

  @Test
  void jobCancelledWhileQueuedNeitherPreparesNorCallsBackStartAndFailsWithTheReason() {
    var engine = writesValidOutput();
    var cancellation = Cancellation.none();
    cancellation.cancel(WATCHDOG);
    var recorder = new Recorder();

    RunResult result =
        pipeline(engine, new FileSystemResultStore(dir.resolve("store")), false)
            .run(job(TestModels.request("r1", webApp.url(), "seir"), cancellation), recorder);

    assertThat(result.reason()).isEqualTo(WATCHDOG);
    assertThat(result.identity()).isNull();
    assertThat(engine.prepared()).isEmpty();
    assertThat(engine.started()).isEmpty();
    assertThat(webApp.statuses()).containsExactly("failed");
    var body = webApp.received().get(0).body();
    assertThat(body.path("reason").path("kind").asText()).isEqualTo("timeout");
    assertThat(body.path("reason").path("message").asText()).isEqualTo(WATCHDOG.message());
    assertThat(body.has("imageId")).as("no identity: never prepared").isFalse();
    assertThat(result.timings())
        .extracting(StageTiming::stage)
        .containsExactly(Stage.VALIDATE, Stage.FINAL_CALLBACK, Stage.CLEANUP);
    assertThat(recorder.events)
        .containsExactly(
            "stage validate",
            "stage final-callback",
            "callbackSent " + result.runId() + " final DELIVERED",
            "stage cleanup",
            "finished FAILED");
  }

  @Test
  void plainCancelBeforeTheModelStartsFailsAsCancelled() {
    var cancellation = Cancellation.none();
    cancellation.cancel();
    RunResult result =
        pipeline(writesValidOutput(), new FileSystemResultStore(dir.resolve("store")), false)
            .run(job(TestModels.request("r1", null, "seir"), cancellation), ProgressListener.NONE);
    assertThat(result.reason())
        .isEqualTo(FailureReason.of(Kind.CANCELLED, "the run was cancelled"));
  }

  @Test
  void modelKilledByACancelFailsWithTheCancellationsReasonAndKeepsExitCodeAndLogTail() {
    var cancellation = Cancellation.none();
    var engine =
        FakeEngine.of(
            (request, run) -> {
              cancellation.cancel(WATCHDOG); // a watchdog fires while the model runs
              run.end(
                  new ExecutionOutcome(
                      ExecutionOutcome.Kind.CANCELLED,
                      137,
                      Duration.ofSeconds(1),
                      "cancelled after 1s; container killed",
                      List.of("working", "still working")));
            });

    RunResult result =
        pipeline(engine, new FileSystemResultStore(dir.resolve("store")), false)
            .run(
                job(TestModels.request("r1", webApp.url(), "seir"), cancellation),
                ProgressListener.NONE);

    assertThat(result.reason().kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(result.reason().message()).isEqualTo(WATCHDOG.message());
    assertThat(result.reason().exitCode()).isEqualTo(137);
    assertThat(result.reason().logTail()).containsExactly("working", "still working");
    assertThat(webApp.statuses()).containsExactly("in-progress", "failed");
    var reason = webApp.received().get(1).body().path("reason");
    assertThat(reason.path("kind").asText()).isEqualTo("timeout");
    assertThat(reason.path("exitCode").asInt()).isEqualTo(137);
  }

  @Test
  void interruptedJobFailsWithTheCancellationsReasonWhenItWasCancelled() {
    var cancellation = Cancellation.none();
    var engine =
        FakeEngine.of(
            (request, run) -> {
              cancellation.cancel(WATCHDOG);
              run.interruptAwait();
            });
    RunResult result;
    try {
      result =
          pipeline(engine, new FileSystemResultStore(dir.resolve("store")), false)
              .run(
                  job(TestModels.request("r1", null, "seir"), cancellation), ProgressListener.NONE);
    } finally {
      assertThat(Thread.interrupted()).as("interrupt re-asserted").isTrue();
    }
    assertThat(result.reason()).isEqualTo(WATCHDOG);
  }

  @Test
  void listenerHearsPreparedExecutionStartedAndEachCallbackInOrder() {
    var recorder = new Recorder();
    RunResult result =
        pipeline(writesValidOutput(), new FileSystemResultStore(dir.resolve("store")), false)
            .run(job(TestModels.request("r1", webApp.url(), "seir")), recorder);

    assertThat(result.completed()).isTrue();
    String id = result.runId();
    assertThat(recorder.events)
        .containsExactly(
            "stage validate",
            "stage prepare",
            "prepared seir " + id + " sha256:fake-seir " + result.storePrefix(),
            "stage start-callback",
            "callbackSent " + id + " start DELIVERED",
            "stage workspace",
            "stage execute",
            "executionStarted seir " + id + " fake-1",
            "stage collect",
            "stage export",
            "stage store",
            "stage final-callback",
            "callbackSent " + id + " final DELIVERED",
            "stage cleanup",
            "finished COMPLETE");
  }

  @Test
  void callbacksThatAreNotSentAreHeardToo() {
    var recorder = new Recorder();
    RunResult result =
        pipeline(writesValidOutput(), new FileSystemResultStore(dir.resolve("store")), false)
            .run(job(TestModels.request("r1", null, "seir")), recorder);
    assertThat(recorder.events)
        .filteredOn(e -> e.startsWith("callbackSent"))
        .containsExactly(
            "callbackSent " + result.runId() + " start NOT_SENT",
            "callbackSent " + result.runId() + " final NOT_SENT");
  }

  @Test
  void listenerHooksThatThrowNeverChangeTheJob() {
    ProgressListener throwing =
        new ProgressListener() {
          @Override
          public void stageStarted(String modelSlug, Stage stage, Duration sinceJobStart) {
            throw new IllegalStateException("stage");
          }

          @Override
          public void prepared(
              String modelSlug,
              String runId,
              io.modelrunner.core.engine.ModelIdentity identity,
              String storePrefix) {
            throw new IllegalStateException("prepared");
          }

          @Override
          public void executionStarted(String modelSlug, String runId, String executionId) {
            throw new IllegalStateException("executionStarted");
          }

          @Override
          public void callbackSent(String modelSlug, String runId, CallbackDelivery delivery) {
            throw new IllegalStateException("callbackSent");
          }

          @Override
          public void finished(RunResult result) {
            throw new IllegalStateException("finished");
          }
        };
    RunResult result =
        pipeline(writesValidOutput(), new FileSystemResultStore(dir.resolve("store")), false)
            .run(job(TestModels.request("r1", webApp.url(), "seir")), throwing);

    assertThat(result.status()).as(String.valueOf(result.reason())).isEqualTo(RunStatus.COMPLETE);
    assertThat(webApp.statuses()).containsExactly("in-progress", "complete");
    assertThat(result.callbacks()).hasSize(2);
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
