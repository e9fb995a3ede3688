package io.modelrunner.core.pipeline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.api.RunStatus;
import io.modelrunner.core.callback.CallbackClient;
import io.modelrunner.core.callback.CallbackDelivery;
import io.modelrunner.core.callback.CallbackEvent;
import io.modelrunner.core.catalog.ContractSchema;
import io.modelrunner.core.catalog.ModelContract;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.logging.LogContext;
import io.modelrunner.core.pipeline.FailureReason.Kind;
import io.modelrunner.core.pipeline.internal.CallbackBodies;
import io.modelrunner.core.pipeline.internal.CallbackStep;
import io.modelrunner.core.pipeline.internal.CleanupStep;
import io.modelrunner.core.pipeline.internal.CollectStep;
import io.modelrunner.core.pipeline.internal.CollectedOutput;
import io.modelrunner.core.pipeline.internal.DeflatePool;
import io.modelrunner.core.pipeline.internal.ExecuteStep;
import io.modelrunner.core.pipeline.internal.ExportStep;
import io.modelrunner.core.pipeline.internal.PrepareStep;
import io.modelrunner.core.pipeline.internal.StepFailure;
import io.modelrunner.core.pipeline.internal.StoreStep;
import io.modelrunner.core.pipeline.internal.ValidateStep;
import io.modelrunner.core.pipeline.internal.WorkspaceStep;
import io.modelrunner.core.store.ResultStore;
import io.modelrunner.core.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one (request, model) job from validation to cleanup:
 *
 * <ol>
 *   <li>validate the request (the envelope, then {@code configuration} against the job's model's
 *       input schema, {@link RequestValidator}) — an invalid request fails here, and nothing runs
 *       and no callback is sent; a job cancelled by then (e.g. while it waited in a queue) goes
 *       straight to its final {@code failed} callback, with the cancellation's reason;
 *   <li>prepare the model on the engine and pin its identity;
 *   <li>start callback ({@code in-progress}, with the identity); an answer {@code
 *       {"action":"cancel"}} ends the job as cancelled before the model starts;
 *   <li>workspace, execute, collect, export, store;
 *   <li>final callback: {@code complete} or {@code failed} — exactly once on every path past
 *       validation, whatever step failed or threw;
 *   <li>cleanup: the workspace is deleted (kept on failure when configured).
 * </ol>
 *
 * <p>A job cancelled through its {@link Cancellation} fails with the cancellation's {@linkplain
 * Cancellation#reason() reason}, kind and message (a running model is killed; its exit code and log
 * tail are kept). {@link #resume} continues a job that a runner process which stopped (a crash, a
 * kill) had begun.
 *
 * <p>{@link #run} and {@link #resume} never throw for anything that happens to the job: every
 * failure is a {@link RunResult} with a {@link FailureReason}. Thread-safe: one pipeline runs many
 * jobs at once.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class RunPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(RunPipeline.class);

  private final ModelEngine engine;
  private final CallbackChannel channel;
  private final PipelineSettings settings;
  private final ValidateStep validate;
  private final PrepareStep prepare;
  private final CallbackStep callback;
  private final CallbackBodies bodies;
  private final WorkspaceStep workspaces;
  private final ExecuteStep execute;
  private final CollectStep collect;
  private final ExportStep export;
  private final StoreStep store;
  private final CleanupStep cleanup;

  /**
   * A pipeline whose callbacks are sent directly by {@code callbacks} ({@link
   * CallbackChannel#direct}).
   */
  public RunPipeline(
      ModelEngine engine, ResultStore store, CallbackClient callbacks, PipelineSettings settings) {
    this(engine, store, CallbackChannel.direct(callbacks), settings);
  }

  /**
   * A pipeline whose jobs' callbacks go to {@code channel} unless a job is run with its own ({@link
   * #run(RunJob, ProgressListener, CallbackChannel)}).
   */
  public RunPipeline(
      ModelEngine engine, ResultStore store, CallbackChannel channel, PipelineSettings settings) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.channel = Objects.requireNonNull(channel, "channel");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.validate = new ValidateStep(new RequestValidator(settings.requestSchema()));
    this.prepare = new PrepareStep(engine);
    this.callback = new CallbackStep();
    this.bodies = new CallbackBodies(settings.runnerVersion(), settings.workflowRunId());
    this.workspaces = new WorkspaceStep(settings.workRoot());
    this.execute = new ExecuteStep(engine);
    this.collect = new CollectStep(settings.outputSchema());
    this.export = new ExportStep(new DeflatePool(settings.exportThreads()));
    this.store = new StoreStep(store);
    this.cleanup = new CleanupStep();
  }

  public PipelineSettings settings() {
    return settings;
  }

  /**
   * The contract {@code job} runs under: its own, else the settings' default — no schema for an
   * adapter-backed model ({@code adapter:<name>}), else the settings' input and output schemas.
   */
  public ModelContract contractOf(RunJob job) {
    if (job.contract() != null) {
      return job.contract();
    }
    if (ModelContract.adapterBacked(job.launch().image())) {
      return new ModelContract(ContractSchema.none(), ContractSchema.none());
    }
    return new ModelContract(
        ContractSchema.of(settings.inputSchema().location().toString(), settings.inputSchema()),
        ContractSchema.of(settings.outputSchema().location().toString(), settings.outputSchema()));
  }

  /**
   * The final {@code failed} event of a run that could not be run through this pipeline at all (a
   * service that failed before it could start the job), with the same body a failed job's final
   * callback has.
   */
  public CallbackEvent failedFinalEvent(
      String runId, String requestId, String callbackURL, String modelSlug, FailureReason reason) {
    return CallbackEvent.of(
        CallbackEvent.FINAL, runId, requestId, callbackURL, bodies.failed(modelSlug, null, reason));
  }

  /** The engine this pipeline runs models on. */
  public ModelEngine engine() {
    return engine;
  }

  /**
   * Runs {@code job} to its end and says how it went, under {@code job.runId()} when it has one,
   * else under a new {@link RunJob#newRunId run id}. Never throws.
   */
  public RunResult run(RunJob job, ProgressListener progress) {
    return run(job, progress, channel);
  }

  /** {@link #run(RunJob, ProgressListener)}, with this job's callbacks going to {@code channel}. */
  public RunResult run(RunJob job, ProgressListener progress, CallbackChannel channel) {
    Job state = new Job(job, progress, channel);
    return drive(
        state,
        () -> {
          state.enter(Stage.VALIDATE);
          validate.validate(job.request(), job.model().slug(), contractOf(job));
          // A job cancelled while it waited pulls no image and sends no start callback.
          state.requireNotCancelled();

          state.enter(Stage.PREPARE);
          state.identity = prepare.prepare(job.launch());
          state.storePrefix =
              StoreStep.prefix(job.request(), state.identity, job.launch().environment());
          state.prepared();

          Optional<List<Artifact>> stored =
              settings.reuseStoredResults()
                  ? store.findStored(state.storePrefix)
                  : Optional.empty();
          if (stored.isPresent()) {
            LOG.info(
                "job {}: results already stored under {}; not run again",
                state.runId,
                state.storePrefix);
            state.artifacts.addAll(stored.get());
            state.reusedStoredResults = true;
            state.warnings.add(
                "not run: the same request and image were run before; stored results reused");
            state.complete();
          } else {
            runModel(state, job);
          }
        });
  }

  /**
   * Continues job {@code job}, which a runner process that stopped (a crash, a kill) had run up to
   * stage {@code reached} under run id {@code job.runId()}, and says how it went. Never throws for
   * anything that happens to the job. By the stage reached:
   *
   * <ul>
   *   <li>{@link Stage#VALIDATE} to {@link Stage#WORKSPACE}: the model never started. A stale
   *       workspace folder of the run id is deleted, then the job runs exactly as {@link #run} runs
   *       it (prepared again, start callback sent); {@code identity} is ignored and may be null.
   *   <li>{@link Stage#EXECUTE}: the engine {@linkplain ModelEngine#reattach reattaches} to the
   *       model's execution and the job waits for it (a cancel still kills it), then collects,
   *       exports, stores, sends its final callback and cleans up as usual. When the engine no
   *       longer has the execution, the job fails with {@link Kind#PLATFORM_ERROR} {@code the
   *       container of run <id> is gone: …}. When the workspace is gone, the execution is killed
   *       and the job fails with {@link Kind#PLATFORM_ERROR}: its output is lost.
   *   <li>{@link Stage#COLLECT} to {@link Stage#CLEANUP}: the model had exited 0. When the
   *       workspace still exists the job continues from collect (storing again under the same
   *       content-addressed key is harmless); else it fails with {@link Kind#PLATFORM_ERROR} saying
   *       the workspace was lost. The stage alone does not tell a job that had already failed (and
   *       was sending its {@code failed} callback) from one that had completed: do not resume a job
   *       known to have failed this way, as its reason would be lost.
   * </ul>
   *
   * <p>On the execute and collect paths no start callback is sent again, {@link
   * ProgressListener#prepared} is not called, the timings begin with the stage the job continues
   * from, and the final callback is sent exactly once. The workspace is {@code
   * settings().workRoot()/<runId>}, as {@link #run} makes it. The result has the same shape as
   * {@link #run}'s.
   *
   * @param identity what the job's prepare stage pinned ({@link ProgressListener#prepared});
   *     required from {@link Stage#EXECUTE} on
   * @param reached the last stage the stopped process had entered ({@link
   *     ProgressListener#stageStarted})
   * @throws IllegalArgumentException when {@code job.runId()} is null, or {@code identity} is null
   *     and {@code reached} is {@link Stage#EXECUTE} or later (nothing is run or sent)
   */
  public RunResult resume(
      RunJob job, ModelIdentity identity, Stage reached, ProgressListener progress) {
    return resume(job, identity, reached, progress, channel);
  }

  /**
   * {@link #resume(RunJob, ModelIdentity, Stage, ProgressListener)}, with this job's callbacks
   * going to {@code channel}.
   */
  public RunResult resume(
      RunJob job,
      ModelIdentity identity,
      Stage reached,
      ProgressListener progress,
      CallbackChannel channel) {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(reached, "reached");
    try (LogContext.Scope scope =
        LogContext.forRun(job.runId(), job.model().slug(), job.request().id())) {
      return resumeLogged(job, identity, reached, progress, channel);
    }
  }

  private RunResult resumeLogged(
      RunJob job,
      ModelIdentity identity,
      Stage reached,
      ProgressListener progress,
      CallbackChannel channel) {
    if (job.runId() == null) {
      throw new IllegalArgumentException(
          "only a job with a run id can be resumed (model " + job.model().slug() + ")");
    }
    Workspace workspace = workspaces.of(job.runId());
    if (reached.compareTo(Stage.EXECUTE) < 0) {
      try {
        cleanup.delete(workspace.root());
      } catch (IOException | RuntimeException e) {
        LOG.warn(
            "job {}: stale workspace {} not fully deleted: {}",
            job.runId(),
            workspace.root(),
            e.toString());
      }
      LOG.info("job {}: resumed from stage {}: running it again", job.runId(), reached.wireName());
      return run(job, progress, channel);
    }
    if (identity == null) {
      throw new IllegalArgumentException(
          "job "
              + job.runId()
              + " reached stage "
              + reached.wireName()
              + ": resuming it needs the identity its prepare stage pinned");
    }
    LOG.info("job {}: resumed from stage {}", job.runId(), reached.wireName());
    Job state = new Job(job, progress, channel);
    state.identity = identity;
    return drive(
        state,
        () -> {
          state.storePrefix = StoreStep.prefix(job.request(), identity, job.launch().environment());
          boolean exists = Files.isDirectory(workspace.root(), LinkOption.NOFOLLOW_LINKS);
          if (reached == Stage.EXECUTE) {
            state.enter(Stage.EXECUTE);
            ExecutionRequest request = executionRequest(state, workspace);
            if (!exists) {
              discardExecution(state, request);
              if (Files.isDirectory(workspace.root(), LinkOption.NOFOLLOW_LINKS)) {
                state.workspace = workspace; // the engine made a log folder there: clean it up
              }
              throw workspaceLost(state, workspace);
            }
            state.workspace = workspace;
            execute.resume(request, identity, job.cancellation(), state::executionStarted);
          } else if (!exists) {
            state.enter(Stage.COLLECT);
            state.requireNotCancelled(); // a recorded cancel wins over a lost workspace
            throw workspaceLost(state, workspace);
          } else {
            state.workspace = workspace;
            state.requireNotCancelled(); // cancelled while the runner was down: respect it
          }
          collectExportStore(state);
        });
  }

  /**
   * Runs {@code body}, turns whatever it throws into the job's failure, then stores a failed job's
   * logs, sends the final callback, cleans up and tells the listener. Never throws.
   */
  private RunResult drive(Job state, JobBody body) {
    try (LogContext.Scope scope =
        LogContext.forRun(state.runId, state.slug(), state.job.request().id())) {
      return driveLogged(state, body);
    }
  }

  private RunResult driveLogged(Job state, JobBody body) {
    boolean interrupted = false;
    try {
      body.run();
    } catch (StepFailure failure) {
      state.fail(failure.reason());
    } catch (StoreException e) {
      LOG.warn("job {}: the result store failed: {}", state.runId, e.getMessage());
      state.fail(
          FailureReason.of(Kind.PLATFORM_ERROR, "the result store failed: " + e.getMessage()));
    } catch (InterruptedException e) {
      // re-asserted after the final callback and cleanup, which must still run
      interrupted = true;
      state.fail(
          state
              .job
              .cancellation()
              .reason()
              .orElseGet(() -> FailureReason.of(Kind.CANCELLED, "the runner was interrupted")));
    } catch (Exception | Error e) {
      String stage = state.stage == null ? "(none)" : state.stage.wireName();
      LOG.error("job {} failed in stage {}", state.runId, stage, e);
      state.fail(
          FailureReason.of(Kind.PLATFORM_ERROR, "the runner failed in stage " + stage + ": " + e));
    }
    // An interrupt that a step swallowed and re-asserted (the callback client does) must not
    // cost the final callback: clear it now, re-assert it at the end.
    interrupted |= Thread.interrupted();
    storeLogsOfFailedJob(state);
    CallbackChannel.Disposition disposition = handOver(state);
    cleanUp(state, disposition);
    RunResult result = state.result();
    try {
      state.progress.finished(result);
    } catch (RuntimeException e) {
      LOG.warn("progress listener failed: {}", e.toString());
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return result;
  }

  /** What a job does between its bookkeeping. */
  @FunctionalInterface
  private interface JobBody {
    void run() throws Exception;
  }

  /** From the start callback to the stored results: the part that a stored result spares. */
  private void runModel(Job state, RunJob job) throws Exception {
    state.enter(Stage.START_CALLBACK);
    state.requireNotCancelled();
    CallbackDelivery started =
        callback.sendStart(
            state.channel, state.runId, job.request(), bodies.start(state.slug(), state.identity));
    state.addCallback(started);
    if (started.cancelRequested()) {
      throw new StepFailure(
          Kind.CANCELLED, "the web application answered the start callback with cancel");
    }

    state.enter(Stage.WORKSPACE);
    state.requireNotCancelled();
    state.workspace = workspaces.create(state.runId, job.request().configuration());

    state.enter(Stage.EXECUTE);
    state.requireNotCancelled();
    execute.execute(
        executionRequest(state, state.workspace),
        state.identity,
        job.cancellation(),
        state::executionStarted);

    collectExportStore(state);
  }

  /** Collect, export and store: the model has exited 0 and its workspace is there. */
  private void collectExportStore(Job state) throws Exception {
    state.enter(Stage.COLLECT);
    CollectedOutput output =
        collect.collect(state.workspace, contractOf(state.job).output().optionalSchema());
    state.warnings.addAll(output.skipped());

    state.enter(Stage.EXPORT);
    Path exportZip = export.export(state.workspace, output);

    state.enter(Stage.STORE);
    state.artifacts.addAll(store.storeResults(state.storePrefix, state.workspace, exportZip));
    state.complete();
  }

  private static ExecutionRequest executionRequest(Job state, Workspace workspace) {
    return new ExecutionRequest(
        state.runId, state.job.launch(), workspace, state.job.limits(), Map.of());
  }

  private static StepFailure workspaceLost(Job state, Workspace workspace) {
    return new StepFailure(
        Kind.PLATFORM_ERROR,
        "the workspace "
            + workspace.root()
            + " of run "
            + state.runId
            + " was lost while the runner was down: the model's output is gone");
  }

  /**
   * Kills the execution of a resumed job whose output can no longer be collected, so that its
   * container does not run on unsupervised. Best effort: failures are logged.
   */
  private void discardExecution(Job state, ExecutionRequest request) throws InterruptedException {
    try {
      Optional<ModelExecution> execution = engine.reattach(request, state.identity);
      if (execution.isPresent()) {
        execution.get().cancel();
        execution.get().await();
        LOG.info("job {}: workspace lost; its execution was killed", state.runId);
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "job {}: workspace lost; its execution could not be killed: {}",
          state.runId,
          e.toString());
    }
  }

  private void storeLogsOfFailedJob(Job state) {
    if (state.status != RunStatus.FAILED || state.workspace == null || state.storePrefix == null) {
      return;
    }
    try {
      state.artifacts.addAll(store.storeLogs(state.storePrefix, state.workspace));
    } catch (Exception e) {
      LOG.warn(
          "job {}: the logs of the failed run could not be stored: {}", state.runId, e.toString());
      state.warnings.add("logs not stored: " + e);
    }
  }

  /**
   * Hands the final callback and the job's outcome to the channel: exactly once per job. An invalid
   * request is recorded but gets no callback.
   */
  private CallbackChannel.Disposition handOver(Job state) {
    CallbackEvent event;
    if (state.reason != null && state.reason.kind() == Kind.INVALID_REQUEST) {
      event =
          callback
              .event(CallbackEvent.FINAL, state.runId, state.job.request(), null)
              .skipped("the request is invalid: nothing ran, nothing to report");
    } else {
      state.enter(Stage.FINAL_CALLBACK);
      var body =
          state.status == RunStatus.COMPLETE
              ? bodies.complete(
                  state.slug(),
                  state.identity,
                  state.artifactLocation(StoreStep.DATA_JSON),
                  state.artifactLocation(StoreStep.EXPORT_ZIP))
              : bodies.failed(state.slug(), state.identity, state.reason);
      if (state.reusedStoredResults) {
        body.put("cached", true);
      }
      event = callback.event(CallbackEvent.FINAL, state.runId, state.job.request(), body);
    }
    try {
      CallbackChannel.FinalHandoff handoff = state.channel.finish(event, state.result());
      state.addCallback(handoff.delivery());
      return handoff.disposition();
    } catch (RuntimeException e) {
      LOG.error("job {}: the final callback could not be handed over", state.runId, e);
      state.addCallback(
          new CallbackDelivery(
              "final",
              CallbackDelivery.Status.FAILED,
              0,
              null,
              e.toString(),
              false,
              event.eventId()));
      return CallbackChannel.Disposition.RETAINED;
    }
  }

  private void cleanUp(Job state, CallbackChannel.Disposition disposition) {
    state.enter(Stage.CLEANUP);
    if (state.workspace == null) {
      state.finishStage();
      return;
    }
    if (disposition == CallbackChannel.Disposition.RETAINED) {
      state.keptWorkspace = state.workspace.root();
      LOG.warn(
          "job {}: its outcome was not recorded; workspace kept at {} for a later resume",
          state.runId,
          state.keptWorkspace);
    } else if (state.status == RunStatus.FAILED && settings.keepOnFailure()) {
      state.keptWorkspace = state.workspace.root();
      LOG.info("job {}: workspace kept for debugging at {}", state.runId, state.keptWorkspace);
    } else {
      try {
        cleanup.delete(state.workspace.root());
      } catch (Exception e) {
        LOG.warn(
            "job {}: workspace {} not fully deleted: {}",
            state.runId,
            state.workspace.root(),
            e.toString());
        state.warnings.add("workspace not fully deleted: " + e);
      }
    }
    state.finishStage();
  }

  /** The mutable state of one job, confined to the job's thread. */
  private static final class Job {
    final RunJob job;
    final ProgressListener progress;
    final CallbackChannel channel;
    final String runId;
    final long startNanos = System.nanoTime();
    final List<StageTiming> timings = new ArrayList<>();
    final List<CallbackDelivery> callbacks = new ArrayList<>();
    final List<Artifact> artifacts = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    Stage stage;
    long stageStartNanos;
    ModelIdentity identity;
    String storePrefix;
    Workspace workspace;
    RunStatus status;
    FailureReason reason;
    Path keptWorkspace;
    boolean reusedStoredResults;

    Job(RunJob job, ProgressListener progress, CallbackChannel channel) {
      this.job = job;
      this.progress = progress == null ? ProgressListener.NONE : progress;
      this.channel = Objects.requireNonNull(channel, "channel");
      this.runId =
          job.runId() != null
              ? job.runId()
              : RunJob.newRunId(job.request().id(), job.model().slug());
    }

    String slug() {
      return job.model().slug();
    }

    void enter(Stage next) {
      finishStage();
      stage = next;
      stageStartNanos = System.nanoTime();
      try {
        progress.stageStarted(slug(), next, Duration.ofNanos(stageStartNanos - startNanos));
      } catch (RuntimeException e) {
        LOG.warn("progress listener failed: {}", e.toString());
      }
    }

    void finishStage() {
      if (stage != null && stageStartNanos != 0) {
        timings.add(new StageTiming(stage, Duration.ofNanos(System.nanoTime() - stageStartNanos)));
        stageStartNanos = 0;
      }
    }

    /** Fails the job with the cancellation's reason when it is cancelled. */
    void requireNotCancelled() throws StepFailure {
      Optional<FailureReason> why = job.cancellation().reason();
      if (why.isPresent()) {
        throw new StepFailure(why.get());
      }
    }

    void prepared() {
      try {
        progress.prepared(slug(), runId, identity, storePrefix);
      } catch (RuntimeException e) {
        LOG.warn("progress listener failed: {}", e.toString());
      }
    }

    void executionStarted(String executionId) {
      try {
        progress.executionStarted(slug(), runId, executionId);
      } catch (RuntimeException e) {
        LOG.warn("progress listener failed: {}", e.toString());
      }
    }

    void addCallback(CallbackDelivery delivery) {
      callbacks.add(delivery);
      try {
        progress.callbackSent(slug(), runId, delivery);
      } catch (RuntimeException e) {
        LOG.warn("progress listener failed: {}", e.toString());
      }
    }

    void complete() {
      status = RunStatus.COMPLETE;
    }

    void fail(FailureReason why) {
      status = RunStatus.FAILED;
      reason = why;
    }

    String artifactLocation(String name) {
      return artifacts.stream()
          .filter(a -> a.name().equals(name))
          .map(Artifact::location)
          .findFirst()
          .orElse("");
    }

    RunResult result() {
      boolean done = status == RunStatus.COMPLETE;
      return new RunResult(
          slug(),
          runId,
          status,
          reason,
          done ? artifactLocation(StoreStep.DATA_JSON) : "",
          done ? artifactLocation(StoreStep.EXPORT_ZIP) : "",
          artifacts,
          identity,
          storePrefix,
          timings,
          callbacks,
          warnings,
          keptWorkspace);
    }
  }
}
