package io.modelrunner.core.pipeline;

import io.modelrunner.api.RunStatus;
import io.modelrunner.core.callback.CallbackClient;
import io.modelrunner.core.callback.CallbackDelivery;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.internal.Hashing;
import io.modelrunner.core.pipeline.FailureReason.Kind;
import io.modelrunner.core.pipeline.internal.CallbackBodies;
import io.modelrunner.core.pipeline.internal.CallbackStep;
import io.modelrunner.core.pipeline.internal.CleanupStep;
import io.modelrunner.core.pipeline.internal.CollectStep;
import io.modelrunner.core.pipeline.internal.CollectedOutput;
import io.modelrunner.core.pipeline.internal.ExecuteStep;
import io.modelrunner.core.pipeline.internal.ExportStep;
import io.modelrunner.core.pipeline.internal.PrepareStep;
import io.modelrunner.core.pipeline.internal.StepFailure;
import io.modelrunner.core.pipeline.internal.StoreStep;
import io.modelrunner.core.pipeline.internal.ValidateStep;
import io.modelrunner.core.pipeline.internal.WorkspaceStep;
import io.modelrunner.core.store.ResultStore;
import io.modelrunner.core.store.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one (request, model) job from validation to cleanup:
 *
 * <ol>
 *   <li>validate the request (runner schema) — an invalid request fails here, and nothing runs and
 *       no callback is sent;
 *   <li>prepare the model on the engine and pin its identity;
 *   <li>start callback ({@code in-progress}, with the identity); an answer {@code
 *       {"action":"cancel"}} ends the job as cancelled before the model starts;
 *   <li>workspace, execute, collect, export, store;
 *   <li>final callback: {@code complete} or {@code failed} — exactly once on every path past
 *       validation, whatever step failed or threw;
 *   <li>cleanup: the workspace is deleted (kept on failure when configured).
 * </ol>
 *
 * <p>{@link #run} never throws: every failure is a {@link RunResult} with a {@link FailureReason}.
 * Thread-safe: one pipeline runs many jobs at once.
 */
public final class RunPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(RunPipeline.class);

  private final ModelEngine engine;
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

  public RunPipeline(
      ModelEngine engine, ResultStore store, CallbackClient callbacks, PipelineSettings settings) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.validate = new ValidateStep(settings.requestSchema());
    this.prepare = new PrepareStep(engine);
    this.callback = new CallbackStep(callbacks);
    this.bodies = new CallbackBodies(settings.runnerVersion(), settings.workflowRunId());
    this.workspaces = new WorkspaceStep(settings.workRoot());
    this.execute = new ExecuteStep(engine);
    this.collect = new CollectStep(settings.outputSchema());
    this.export = new ExportStep();
    this.store = new StoreStep(store);
    this.cleanup = new CleanupStep();
  }

  public PipelineSettings settings() {
    return settings;
  }

  /** The engine this pipeline runs models on. */
  public ModelEngine engine() {
    return engine;
  }

  /** Runs {@code job} to its end and says how it went. Never throws. */
  public RunResult run(RunJob job, ProgressListener progress) {
    Job state = new Job(job, progress);
    boolean interrupted = false;
    try {
      state.enter(Stage.VALIDATE);
      validate.run(job.request());

      state.enter(Stage.PREPARE);
      state.identity = prepare.run(job.launch());
      state.storePrefix = StoreStep.prefix(job.request(), state.identity);

      Optional<List<Artifact>> stored =
          settings.reuseStoredResults() ? store.findStored(state.storePrefix) : Optional.empty();
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
    } catch (StepFailure failure) {
      state.fail(failure.reason());
    } catch (StoreException e) {
      LOG.warn("job {}: the result store failed: {}", state.runId, e.getMessage());
      state.fail(
          FailureReason.of(Kind.PLATFORM_ERROR, "the result store failed: " + e.getMessage()));
    } catch (InterruptedException e) {
      // re-asserted after the final callback and cleanup, which must still run
      interrupted = true;
      state.fail(FailureReason.of(Kind.CANCELLED, "the runner was interrupted"));
    } catch (Exception | Error e) {
      LOG.error("job {} failed in stage {}", state.runId, state.stage.wireName(), e);
      state.fail(
          FailureReason.of(
              Kind.PLATFORM_ERROR,
              "the runner failed in stage " + state.stage.wireName() + ": " + e));
    }
    storeLogsOfFailedJob(state);
    sendFinalCallback(state);
    cleanUp(state);
    RunResult result = state.result();
    try {
      progress.finished(result);
    } catch (RuntimeException e) {
      LOG.warn("progress listener failed: {}", e.toString());
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return result;
  }

  /** From the start callback to the stored results: the part that a stored result spares. */
  private void runModel(Job state, RunJob job) throws Exception {
    state.enter(Stage.START_CALLBACK);
    state.requireNotCancelled();
    CallbackDelivery started =
        callback.send("start", job.request(), bodies.start(state.slug(), state.identity));
    state.callbacks.add(started);
    if (started.cancelRequested()) {
      throw new StepFailure(
          Kind.CANCELLED, "the web application answered the start callback with cancel");
    }

    state.enter(Stage.WORKSPACE);
    state.requireNotCancelled();
    state.workspace = workspaces.run(state.runId, job.request().configuration());

    state.enter(Stage.EXECUTE);
    state.requireNotCancelled();
    execute.run(
        new ExecutionRequest(state.runId, job.launch(), state.workspace, job.limits(), Map.of()),
        state.identity,
        job.cancellation());

    state.enter(Stage.COLLECT);
    CollectedOutput output = collect.run(state.workspace);
    state.warnings.addAll(output.skipped());

    state.enter(Stage.EXPORT);
    Path exportZip = export.run(state.workspace, output);

    state.enter(Stage.STORE);
    state.artifacts.addAll(store.storeResults(state.storePrefix, state.workspace, exportZip));
    state.complete();
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

  private void sendFinalCallback(Job state) {
    if (state.reason != null && state.reason.kind() == Kind.INVALID_REQUEST) {
      state.callbacks.add(
          CallbackDelivery.notSent(
              "final", "the request is invalid: nothing ran, nothing to report"));
      return;
    }
    state.enter(Stage.FINAL_CALLBACK);
    try {
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
      state.callbacks.add(callback.send("final", state.job.request(), body));
    } catch (RuntimeException e) {
      LOG.error("job {}: the final callback could not be sent", state.runId, e);
      state.callbacks.add(
          new CallbackDelivery(
              "final", CallbackDelivery.Status.FAILED, 0, null, e.toString(), false));
    }
  }

  private void cleanUp(Job state) {
    state.enter(Stage.CLEANUP);
    if (state.workspace == null) {
      state.finishStage();
      return;
    }
    if (state.status == RunStatus.FAILED && settings.keepOnFailure()) {
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

    Job(RunJob job, ProgressListener progress) {
      this.job = job;
      this.progress = progress;
      this.runId = runIdOf(job);
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

    void requireNotCancelled() throws StepFailure {
      if (job.cancellation().isCancelled()) {
        throw new StepFailure(Kind.CANCELLED, "the run was cancelled before the model started");
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

    private static String runIdOf(RunJob job) {
      String readable =
          (job.request().id() + "-" + job.model().slug()).replaceAll("[^A-Za-z0-9_.-]", "_");
      if (readable.length() > 80) {
        readable = readable.substring(0, 80);
      }
      String unique = Hashing.sha256Hex(UUID.randomUUID().toString()).substring(0, 12);
      return "mr-" + readable + "-" + unique;
    }
  }
}
