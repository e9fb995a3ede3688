package io.modelrunner.app.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.ModelRef;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.core.callback.CallbackEvent;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.catalog.ResolvedModel;
import io.modelrunner.core.logging.LogContext;
import io.modelrunner.core.pipeline.FailureReason;
import io.modelrunner.core.pipeline.RunJob;
import io.modelrunner.core.pipeline.RunPipeline;
import io.modelrunner.core.pipeline.RunRequestDocument;
import io.modelrunner.core.pipeline.Stage;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes claimed runs through the {@link RunPipeline}, each on an execution thread of its own,
 * recording them under their claim ({@link RunRecorder}): {@link #run} from the first stage, {@link
 * #resume} from a stage reached before, or {@link #finishWithoutRunning} (cancelled or timed out
 * before it started, or its node was lost). Each releases the run's reservation when it ends.
 * Execution threads are never interrupted by a shutdown: a run left running past the grace keeps
 * its container and workspace for the next start.
 */
final class RunExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(RunExecutor.class);

  /** What to do with a claimed run. */
  private sealed interface Plan {}

  private record FromStart() implements Plan {}

  private record Resume(Stage from) implements Plan {}

  private record Finish(FailureReason reason) implements Plan {}

  private final RunStore store;
  private final CallbackOutbox outbox;
  private final RunPipeline pipeline;
  private final ModelsCatalog catalog;
  private final Clock clock;
  private final RunService.Observer observer;
  private final ActiveRuns active;
  private final RunRecorder.Context recorders;
  private final ObjectMapper mapper = JsonMappers.standard();
  private final ExecutorService executions =
      Executors.newCachedThreadPool(new NamedThreads("run-"));

  RunExecutor(
      RunStore store,
      CallbackOutbox outbox,
      RunPipeline pipeline,
      ModelsCatalog catalog,
      Clock clock,
      RunService.Observer observer,
      ActiveRuns active,
      RunRecorder.Context recorders) {
    this.store = Objects.requireNonNull(store, "store");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.observer = Objects.requireNonNull(observer, "observer");
    this.active = Objects.requireNonNull(active, "active");
    this.recorders = Objects.requireNonNull(recorders, "recorders");
  }

  /** Starts {@code claim}'s run from its first stage; {@code reserved} ends with it. */
  void run(ActiveRun reserved, RunStore.Claim claim) {
    startOrRelease(reserved, claim, new FromStart());
  }

  /** Starts {@code claim}'s run again from stage {@code from}; {@code reserved} ends with it. */
  void resume(ActiveRun reserved, RunStore.Claim claim, Stage from) {
    startOrRelease(reserved, claim, new Resume(from));
  }

  /**
   * Ends {@code claim}'s run FAILED with {@code reason} without running its model (the pipeline
   * records it and sends its final callback); on the calling thread when no execution thread can be
   * had.
   */
  void finishWithoutRunning(ActiveRun reserved, RunStore.Claim claim, FailureReason reason) {
    Plan plan = new Finish(reason);
    try {
      executions.execute(() -> execute(reserved, claim, plan));
    } catch (RejectedExecutionException e) {
      execute(reserved, claim, plan);
    }
  }

  private void startOrRelease(ActiveRun reserved, RunStore.Claim claim, Plan plan) {
    try {
      executions.execute(() -> execute(reserved, claim, plan));
    } catch (RejectedExecutionException e) {
      active.release(reserved); // stopping: the run stays RUNNING and is resumed by the next start
    }
  }

  private void execute(ActiveRun running, RunStore.Claim claim, Plan plan) {
    try (LogContext.Scope scope = LogContext.forRun(claim.runId(), null, null)) {
      executeLogged(running, claim, plan);
    }
  }

  private void executeLogged(ActiveRun running, RunStore.Claim claim, Plan plan) {
    String runId = claim.runId();
    running.claim = claim;
    running.thread = Thread.currentThread();
    try {
      StoredRun run = store.find(runId).orElse(null);
      if (run == null
          || run.state() != RunState.RUNNING
          || !claim.nodeId().equals(run.nodeId())
          || run.claimEpoch() != claim.epoch()) {
        return; // the claim did not survive until now: another execution owns the run
      }
      RunRequestDocument request = RunRequestDocument.of(mapper.readTree(run.requestJson()));
      ModelRef model =
          request.models().stream()
              .filter(m -> m.slug().equals(run.modelSlug()))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalStateException("run " + runId + ": model not in its request"));
      ResolvedModel resolved = catalog.resolve(model);
      running.modelDeadline = resolved.limits().deadline();
      if (plan instanceof Finish finish) {
        running.cancellation.cancel(finish.reason());
      } else if (run.cancelRequested()) {
        running.cancellation.cancel(
            FailureReason.of(FailureReason.Kind.CANCELLED, "the run was cancelled"));
      }
      RunJob job = RunJob.of(request, model, resolved, running.cancellation, runId);
      RunRecorder recorder = new RunRecorder(recorders, running, claim);
      if (plan instanceof Resume resume) {
        pipeline.resume(job, run.identity(), resume.from(), recorder, recorder);
      } else {
        pipeline.run(job, recorder, recorder); // a finished plan: the pipeline sees the cancel
      }
    } catch (Exception | Error e) {
      LOG.error("run {} failed outside the pipeline", runId, e);
      finishOutsidePipeline(running, claim, "the runner failed: " + e);
    } finally {
      active.release(running);
      Thread.interrupted(); // a watchdog interrupt must not leak into the next run on this thread
    }
  }

  /**
   * The pipeline could not even start: record the failure and its final {@code failed} callback.
   */
  private void finishOutsidePipeline(ActiveRun running, RunStore.Claim claim, String message) {
    if (active.abandoned() || running.lost) {
      return;
    }
    try {
      StoredRun run = store.find(claim.runId()).orElseThrow();
      FailureReason reason = FailureReason.of(FailureReason.Kind.PLATFORM_ERROR, message);
      CallbackEvent event =
          pipeline.failedFinalEvent(
              claim.runId(), run.requestId(), run.callbackUrl(), run.modelSlug(), reason);
      boolean recorded =
          store.finish(
              claim,
              RunState.FAILED,
              RunRecorder.reasonJson(reason),
              List.of(),
              List.of(),
              clock.instant(),
              outbox.newEvent(event, 2, clock.instant()));
      if (recorded) {
        outbox.wake();
        observer.runFinished(RunState.FAILED, FailureReason.Kind.PLATFORM_ERROR.wireName());
      }
    } catch (RuntimeException e) {
      LOG.error("run {}: cannot record its failure: {}", claim.runId(), e.getMessage());
    }
  }
}
