package io.modelrunner.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.api.RunStatus;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.core.callback.CallbackClient;
import io.modelrunner.core.callback.CallbackDelivery;
import io.modelrunner.core.callback.CallbackSettings;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.engine.fake.FakeEngine;
import io.modelrunner.core.engine.process.ProcessEngine;
import io.modelrunner.core.pipeline.FailureReason.Kind;
import io.modelrunner.core.pipeline.internal.WorkspaceStep;
import io.modelrunner.core.store.filesystem.FileSystemResultStore;
import io.modelrunner.core.support.TestModels;
import io.modelrunner.core.support.WebAppSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RunPipeline#resume}: a job that a stopped runner process had begun, continued by a new
 * pipeline, with a real HTTP web application receiving the callbacks.
 */
class RunPipelineResumeTest {
  private static final String RUN_ID = "mr-r1-seir-0123456789ab";
  private static final ModelIdentity IDENTITY =
      new ModelIdentity("fake", "local/seir:1", "sha256:fake-seir", null, null);
  private static final FailureReason WATCHDOG =
      FailureReason.of(Kind.TIMEOUT, "the run exceeded its deadline of 10m in stage execute");

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

  /** A fake engine that pins {@link #IDENTITY}. */
  private static FakeEngine.Builder fake() {
    return FakeEngine.builder().identity(launch -> IDENTITY);
  }

  /** A model that writes a valid output and succeeds. */
  private FakeEngine.Behaviour succeedsWithValidOutput() {
    return (request, run) -> {
      writeValidOutput(request.workspace());
      run.end(FakeEngine.succeeded());
    };
  }

  /** A model that runs until cancelled, and then reports a kill. */
  private static FakeEngine.Behaviour runsUntilKilled() {
    return (request, run) ->
        run.whenCancelled(
            new ExecutionOutcome(
                ExecutionOutcome.Kind.CANCELLED,
                137,
                Duration.ofSeconds(1),
                "killed",
                List.of("zz")));
  }

  /** Records what the listener hears, one line per hook. */
  private static final class Recorder implements ProgressListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    volatile Runnable onExecutionStarted = () -> {};

    @Override
    public void stageStarted(String modelSlug, Stage stage, Duration sinceJobStart) {
      events.add("stage " + stage.wireName());
    }

    @Override
    public void prepared(String slug, String runId, ModelIdentity identity, String storePrefix) {
      events.add("prepared " + runId);
    }

    @Override
    public void executionStarted(String slug, String runId, String executionId) {
      events.add("executionStarted " + executionId);
      onExecutionStarted.run();
    }

    @Override
    public void callbackSent(String slug, String runId, CallbackDelivery delivery) {
      events.add("callbackSent " + delivery.event() + " " + delivery.status());
    }
  }

  private RunPipeline pipeline(ModelEngine engine) {
    var settings = PipelineSettings.defaults(workRoot(), new SchemaValidator(), "9.9.9");
    var callbacks =
        new CallbackClient(
            new CallbackSettings(
                Duration.ofSeconds(5), 2, Duration.ofMillis(5), Duration.ofMillis(5), null));
    return new RunPipeline(engine, store, callbacks, settings);
  }

  private Path workRoot() {
    return dir.resolve("work");
  }

  private RunJob job(Cancellation cancellation) {
    var request = TestModels.request("r1", webApp.url(), "seir");
    var model = request.models().get(0);
    return new RunJob(
        request,
        model,
        ModelLaunch.image(model.slug(), model.imageURL()),
        ExecutionLimits.defaults(),
        cancellation,
        RUN_ID);
  }

  private RunJob job() {
    return job(Cancellation.none());
  }

  /** The workspace the stopped process had made for the job, as its workspace step makes it. */
  private Workspace crashedWorkspace() throws IOException {
    return new WorkspaceStep(workRoot()).create(RUN_ID, TestModels.configuration());
  }

  private void writeValidOutput(Workspace ws) {
    try {
      Path script = TestModels.script(dir.resolve("bin"), "good.sh", TestModels.GOOD);
      ProcessBuilder b = new ProcessBuilder(script.toString()).redirectErrorStream(true);
      b.environment().put("MODEL_INPUT_DIR", ws.input().toString());
      b.environment().put("MODEL_OUTPUT_DIR", ws.output().toString());
      b.environment().put("MODEL_LOG_DIR", ws.log().toString());
      b.redirectOutput(ProcessBuilder.Redirect.appendTo(ws.containerLog().toFile()));
      assertThat(b.start().waitFor()).isZero();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private Path workspaceRoot() {
    return workRoot().toAbsolutePath().resolve(RUN_ID);
  }

  @Test
  void resumedBeforeExecuteDeletesTheStaleWorkspaceAndRunsTheJobAsRunDoes() throws Exception {
    Workspace stale = crashedWorkspace();
    Files.writeString(stale.output().resolve("stale.txt"), "from the stopped process");
    var engine =
        fake().behaviour(succeedsWithValidOutput()).reattachWith(succeedsWithValidOutput()).build();
    var recorder = new Recorder();

    RunResult result = pipeline(engine).resume(job(), null, Stage.WORKSPACE, recorder);

    assertThat(result.status()).as(String.valueOf(result.reason())).isEqualTo(RunStatus.COMPLETE);
    assertThat(result.runId()).isEqualTo(RUN_ID);
    assertThat(engine.prepared()).hasSize(1);
    assertThat(engine.started()).hasSize(1);
    assertThat(engine.reattached()).isEmpty();
    assertThat(webApp.statuses()).containsExactly("in-progress", "complete");
    assertThat(recorder.events).contains("prepared " + RUN_ID);
    assertThat(result.warnings()).noneMatch(w -> w.contains("stale.txt"));
    assertThat(store.stat(result.storePrefix() + "/private/log/container.log")).isPresent();
    assertThat(workspaceRoot()).doesNotExist();
  }

  @Test
  void resumedAtExecuteReattachesWithoutAStartCallbackAndCompletes() throws Exception {
    crashedWorkspace();
    var engine =
        fake().behaviour(succeedsWithValidOutput()).reattachWith(succeedsWithValidOutput()).build();
    var recorder = new Recorder();

    RunResult result = pipeline(engine).resume(job(), IDENTITY, Stage.EXECUTE, recorder);

    assertThat(result.status()).as(String.valueOf(result.reason())).isEqualTo(RunStatus.COMPLETE);
    assertThat(result.runId()).isEqualTo(RUN_ID);
    assertThat(result.identity()).isEqualTo(IDENTITY);
    assertThat(engine.prepared()).isEmpty();
    assertThat(engine.started()).isEmpty();
    assertThat(engine.reattached()).hasSize(1);
    ExecutionRequest request = engine.reattached().get(0);
    assertThat(request.runId()).isEqualTo(RUN_ID);
    assertThat(request.workspace().root()).isEqualTo(workspaceRoot());
    assertThat(webApp.statuses()).containsExactly("complete");
    assertThat(webApp.received().get(0).body().path("resultsLocation").asText())
        .isEqualTo(result.resultsLocation())
        .endsWith("/public/data.json");
    assertThat(result.timings())
        .extracting(StageTiming::stage)
        .containsExactly(
            Stage.EXECUTE,
            Stage.COLLECT,
            Stage.EXPORT,
            Stage.STORE,
            Stage.FINAL_CALLBACK,
            Stage.CLEANUP);
    assertThat(recorder.events)
        .containsExactly(
            "stage execute",
            "executionStarted " + engine.lastExecution().id(),
            "stage collect",
            "stage export",
            "stage store",
            "stage final-callback",
            "callbackSent final DELIVERED",
            "stage cleanup");
    assertThat(workspaceRoot()).doesNotExist();
  }

  @Test
  void resumedAtExecuteFailsAsAPlatformErrorWhenTheEngineNoLongerHasTheContainer()
      throws Exception {
    crashedWorkspace();
    var engine = fake().build();

    RunResult result = pipeline(engine).resume(job(), IDENTITY, Stage.EXECUTE, null);

    assertThat(result.reason().kind()).isEqualTo(Kind.PLATFORM_ERROR);
    assertThat(result.reason().message())
        .isEqualTo(
            "the container of run "
                + RUN_ID
                + " is gone: the runner stopped while the model ran and the engine no longer"
                + " has it");
    assertThat(webApp.statuses()).containsExactly("failed");
    assertThat(webApp.received().get(0).body().path("reason").path("kind").asText())
        .isEqualTo("platform-error");
    assertThat(webApp.received().get(0).body().path("imageId").asText()).isEqualTo(IDENTITY.id());
    assertThat(workspaceRoot()).doesNotExist();
  }

  @Test
  void resumedAtExecuteOnTheProcessEngineFailsSayingAProcessCannotBeReattached() throws Exception {
    crashedWorkspace();
    var identity = new ModelIdentity("process", "./seir.sh", "sha256:abc", null, null);

    RunResult result =
        pipeline(new ProcessEngine()).resume(job(), identity, Stage.EXECUTE, ProgressListener.NONE);

    assertThat(result.reason().kind()).isEqualTo(Kind.PLATFORM_ERROR);
    assertThat(result.reason().message())
        .startsWith("the process model of run " + RUN_ID + " cannot be resumed")
        .contains("cannot be reattached");
    assertThat(webApp.statuses()).containsExactly("failed");
  }

  @Test
  void aCancelStillKillsTheReattachedModelAndItsReasonIsTheFailure() throws Exception {
    crashedWorkspace();
    var engine = fake().reattachWith(runsUntilKilled()).build();
    var cancellation = Cancellation.none();
    var recorder = new Recorder();
    recorder.onExecutionStarted = () -> new Thread(() -> cancellation.cancel(WATCHDOG)).start();

    RunResult result =
        pipeline(engine).resume(job(cancellation), IDENTITY, Stage.EXECUTE, recorder);

    assertThat(engine.lastExecution().cancelled()).as("killed").isTrue();
    assertThat(result.reason().kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(result.reason().message()).isEqualTo(WATCHDOG.message());
    assertThat(result.reason().exitCode()).isEqualTo(137);
    assertThat(result.reason().logTail()).containsExactly("zz");
    assertThat(webApp.statuses()).containsExactly("failed");
    assertThat(webApp.received().get(0).body().path("reason").path("kind").asText())
        .isEqualTo("timeout");
  }

  @Test
  void resumedAtExecuteWithTheWorkspaceLostKillsTheModelAndFails() {
    var engine = fake().reattachWith(runsUntilKilled()).build();

    RunResult result =
        pipeline(engine).resume(job(), IDENTITY, Stage.EXECUTE, ProgressListener.NONE);

    assertThat(engine.lastExecution().cancelled()).as("killed").isTrue();
    assertThat(result.reason().kind()).isEqualTo(Kind.PLATFORM_ERROR);
    assertThat(result.reason().message())
        .contains("the workspace", RUN_ID, "was lost while the runner was down");
    assertThat(webApp.statuses()).containsExactly("failed");
  }

  @Test
  void resumedAfterExecuteContinuesFromCollectWhenTheWorkspaceIsThere() throws Exception {
    Workspace ws = crashedWorkspace();
    writeValidOutput(ws);
    Files.writeString(ws.root().resolve("export.zip"), "half an export from the stopped process");
    var engine = fake().build();
    var recorder = new Recorder();

    RunResult result = pipeline(engine).resume(job(), IDENTITY, Stage.STORE, recorder);

    assertThat(result.status()).as(String.valueOf(result.reason())).isEqualTo(RunStatus.COMPLETE);
    assertThat(engine.started()).isEmpty();
    assertThat(engine.reattached()).isEmpty();
    assertThat(webApp.statuses()).containsExactly("complete");
    assertThat(result.timings())
        .extracting(StageTiming::stage)
        .containsExactly(
            Stage.COLLECT, Stage.EXPORT, Stage.STORE, Stage.FINAL_CALLBACK, Stage.CLEANUP);
    assertThat(result.artifacts())
        .extracting(Artifact::name)
        .containsExactly("data.json", "export.zip", "log/container.log");
    assertThat(result.artifact("export.zip").orElseThrow().size()).isGreaterThan(100);
    assertThat(recorder.events).noneMatch(e -> e.startsWith("prepared"));
    assertThat(workspaceRoot()).doesNotExist();

    // Resumed again (the runner stopped once more before recording the end): same key, same data.
    crashedWorkspace();
    writeValidOutput(Workspace.under(workspaceRoot()));
    RunResult again = pipeline(engine).resume(job(), IDENTITY, Stage.CLEANUP, recorder);
    assertThat(again.completed()).isTrue();
    assertThat(again.storePrefix()).isEqualTo(result.storePrefix());
    assertThat(again.artifact("data.json").orElseThrow().sha256())
        .isEqualTo(result.artifact("data.json").orElseThrow().sha256());
  }

  @Test
  void resumedAfterExecuteFailsSayingTheWorkspaceWasLostWhenItIsGone() {
    var engine = fake().build();

    RunResult result =
        pipeline(engine).resume(job(), IDENTITY, Stage.FINAL_CALLBACK, ProgressListener.NONE);

    assertThat(result.reason().kind()).isEqualTo(Kind.PLATFORM_ERROR);
    assertThat(result.reason().message())
        .isEqualTo(
            "the workspace "
                + workspaceRoot()
                + " of run "
                + RUN_ID
                + " was lost while the runner was down: the model's output is gone");
    assertThat(engine.reattached()).isEmpty();
    assertThat(webApp.statuses()).containsExactly("failed");
  }

  @Test
  void aCancelRecordedBeforeTheRestartWinsOverFinishingTheJob() throws Exception {
    Workspace ws = crashedWorkspace();
    writeValidOutput(ws);
    var cancellation = Cancellation.none();
    cancellation.cancel(FailureReason.of(Kind.CANCELLED, "the run was cancelled"));

    RunResult result =
        pipeline(fake().build())
            .resume(job(cancellation), IDENTITY, Stage.STORE, ProgressListener.NONE);

    assertThat(result.reason().kind()).isEqualTo(Kind.CANCELLED);
    assertThat(result.artifacts()).extracting(Artifact::name).doesNotContain("data.json");
    assertThat(webApp.statuses()).containsExactly("failed");
  }

  @Test
  void aCancelRecordedBeforeTheRestartIsTheReasonEvenWhenTheWorkspaceIsGone() {
    var cancellation = Cancellation.none();
    cancellation.cancel(FailureReason.of(Kind.CANCELLED, "the run was cancelled"));

    RunResult result =
        pipeline(fake().build())
            .resume(job(cancellation), IDENTITY, Stage.CLEANUP, ProgressListener.NONE);

    assertThat(result.reason().kind()).isEqualTo(Kind.CANCELLED);
    assertThat(result.reason().message()).isEqualTo("the run was cancelled");
  }

  /** A channel that records nothing and answers the final hand-over with {@code disposition}. */
  private static CallbackChannel answering(CallbackChannel.Disposition disposition) {
    return new CallbackChannel() {
      @Override
      public CallbackDelivery start(io.modelrunner.core.callback.CallbackEvent event) {
        return CallbackDelivery.notSent(event.event(), "test").withEventId(event.eventId());
      }

      @Override
      public FinalHandoff finish(io.modelrunner.core.callback.CallbackEvent event, RunResult r) {
        return new FinalHandoff(
            CallbackDelivery.notSent(event.event(), "test").withEventId(event.eventId()),
            disposition);
      }
    };
  }

  @Test
  void anOutcomeThatCouldNotBeRecordedKeepsTheWorkspaceForALaterResume() throws Exception {
    Workspace ws = crashedWorkspace();
    writeValidOutput(ws);

    RunResult result =
        pipeline(fake().build())
            .resume(
                job(),
                IDENTITY,
                Stage.COLLECT,
                ProgressListener.NONE,
                answering(CallbackChannel.Disposition.RETAINED));

    assertThat(result.completed()).isTrue();
    assertThat(result.keptWorkspace()).isEqualTo(workspaceRoot());
    assertThat(workspaceRoot().resolve("output/data.json")).exists();
    assertThat(webApp.received()).as("the channel sends nothing").isEmpty();
  }

  @Test
  void anOutcomeThatAnotherExecutionOwnsIsDroppedAndItsWorkspaceCleanedUp() throws Exception {
    Workspace ws = crashedWorkspace();
    writeValidOutput(ws);

    RunResult result =
        pipeline(fake().build())
            .resume(
                job(),
                IDENTITY,
                Stage.COLLECT,
                ProgressListener.NONE,
                answering(CallbackChannel.Disposition.DISCARDED));

    assertThat(result.keptWorkspace()).isNull();
    assertThat(workspaceRoot()).doesNotExist();
    assertThat(result.finalCallback().orElseThrow().eventId())
        .isEqualTo(io.modelrunner.core.callback.CallbackEvent.idFor(RUN_ID, "final"));
  }

  @Test
  void onlyAJobWithARunIdCanBeResumed() {
    var pipeline = pipeline(fake().build());
    assertThatThrownBy(
            () ->
                pipeline.resume(
                    job().withRunId(null), IDENTITY, Stage.EXECUTE, ProgressListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("run id");
    assertThatThrownBy(() -> pipeline.resume(job(), null, Stage.COLLECT, ProgressListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("identity");
    assertThat(webApp.received()).isEmpty();
  }
}
