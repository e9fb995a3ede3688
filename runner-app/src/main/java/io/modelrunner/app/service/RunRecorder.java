package io.modelrunner.app.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.app.db.DatabaseException;
import io.modelrunner.core.callback.CallbackDelivery;
import io.modelrunner.core.callback.CallbackEvent;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.pipeline.CallbackChannel;
import io.modelrunner.core.pipeline.FailureReason;
import io.modelrunner.core.pipeline.FailureReasonJson;
import io.modelrunner.core.pipeline.ProgressListener;
import io.modelrunner.core.pipeline.RunResult;
import io.modelrunner.core.pipeline.Stage;
import io.modelrunner.core.pipeline.StageTiming;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one execution of a run, under its claim: the pipeline's progress ({@link
 * ProgressListener}) and its callbacks ({@link CallbackChannel}). Every write is fenced by the
 * claim: when the claim no longer holds (another execution took the run over), the execution is
 * stopped and writes nothing more. When the service has abandoned its runs (a stop past its grace)
 * nothing is written either, and the outcome is left for the next start ({@link
 * CallbackChannel.Disposition#RETAINED}).
 *
 * <p>The start callback is recorded in the outbox and delivered at once (the run waits for its
 * answer, which may cancel it); the final callback is recorded in the same transaction as the run's
 * final state and delivered by the {@link CallbackOutbox}.
 */
final class RunRecorder implements ProgressListener, CallbackChannel {
  private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);

  /**
   * What every recorder of a service shares.
   *
   * @param runnerVersion this node's model-runner version, recorded with each run's identity
   */
  record Context(
      RunStore store,
      String runnerVersion,
      CallbackOutbox outbox,
      Clock clock,
      RunService.Observer observer,
      int startCallbackAttempts,
      Supplier<Duration> startCallbackLease,
      BooleanSupplier abandoned) {}

  private final Context context;
  private final ActiveRun running;
  private final RunStore.Claim claim;

  RunRecorder(Context context, ActiveRun running, RunStore.Claim claim) {
    this.context = Objects.requireNonNull(context, "context");
    this.running = Objects.requireNonNull(running, "running");
    this.claim = Objects.requireNonNull(claim, "claim");
  }

  // --- progress ---

  @Override
  public void stageStarted(String modelSlug, Stage stage, Duration sinceJobStart) {
    running.enter(stage);
    write(
        "record stage " + stage.wireName(),
        () -> context.store().enterStage(claim, stage.wireName(), context.clock().instant()));
  }

  @Override
  public void prepared(String modelSlug, String runId, ModelIdentity identity, String storePrefix) {
    write(
        "record the identity",
        () ->
            context.store().recordIdentity(claim, identity, context.runnerVersion(), storePrefix));
  }

  @Override
  public void executionStarted(String modelSlug, String runId, String executionId) {
    write("record the execution", () -> context.store().recordExecution(claim, executionId));
  }

  @Override
  public void finished(RunResult result) {
    if (!running.recorded) {
      return;
    }
    for (StageTiming t : result.timings()) {
      context.observer().stageFinished(t.stage(), t.elapsed());
    }
    RunState state = result.completed() ? RunState.COMPLETE : RunState.FAILED;
    context
        .observer()
        .runFinished(state, result.reason() == null ? "" : result.reason().kind().wireName());
    LOG.info(
        "run {} ended {}{}",
        running.runId,
        state,
        result.reason() == null ? "" : ": " + result.reason().summary());
  }

  // --- callbacks ---

  @Override
  public CallbackDelivery start(CallbackEvent event) {
    if (!event.sendable()) {
      return CallbackDelivery.notSent(event.event(), event.notSentReason())
          .withEventId(event.eventId());
    }
    if (running.lost || context.abandoned().getAsBoolean()) {
      return CallbackDelivery.notSent(event.event(), "this execution no longer owns the run")
          .withEventId(event.eventId());
    }
    java.time.Instant now = context.clock().instant();
    OutboxStore.Event row = context.outbox().newEvent(event, 1, now);
    Duration lease = context.startCallbackLease().get();
    Optional<OutboxStore.Event> stored;
    try {
      // Leased to this run from the start: the background loop never sends it meanwhile.
      stored =
          context.store().recordEvent(claim, row, context.outbox().runOwner(), now.plus(lease));
    } catch (DatabaseException e) {
      LOG.warn("run {}: cannot record its start callback: {}", running.runId, e.getMessage());
      return new CallbackDelivery(
          event.event(),
          CallbackDelivery.Status.FAILED,
          0,
          null,
          e.getMessage(),
          false,
          event.eventId());
    }
    if (stored.isEmpty()) {
      running.lose(lostMessage());
      return CallbackDelivery.notSent(event.event(), "this execution no longer owns the run")
          .withEventId(event.eventId());
    }
    OutboxStore.Event current = stored.get();
    if (current.state() != OutboxStore.State.PENDING) {
      // Sent (and answered) before a restart: not again; its answer still counts.
      return CallbackOutbox.delivery(current, "");
    }
    return context.outbox().deliverNow(current, context.startCallbackAttempts(), lease);
  }

  @Override
  public FinalHandoff finish(CallbackEvent event, RunResult outcome) {
    if (running.lost) {
      return new FinalHandoff(
          CallbackDelivery.notSent(event.event(), "this execution no longer owns the run")
              .withEventId(event.eventId()),
          Disposition.DISCARDED);
    }
    if (context.abandoned().getAsBoolean()) {
      return new FinalHandoff(
          CallbackDelivery.notSent(
                  event.event(), "the service stopped; the next start finishes the run")
              .withEventId(event.eventId()),
          Disposition.RETAINED);
    }
    OutboxStore.Event row = context.outbox().newEvent(event, 2, context.clock().instant());
    RunState state = outcome.completed() ? RunState.COMPLETE : RunState.FAILED;
    boolean recorded;
    try {
      recorded =
          context
              .store()
              .finish(
                  claim,
                  state,
                  outcome.reason() == null ? null : reasonJson(outcome.reason()),
                  outcome.artifacts(),
                  outcome.warnings(),
                  context.clock().instant(),
                  row);
    } catch (DatabaseException e) {
      LOG.error(
          "run {}: its outcome ({}) cannot be recorded; the workspace is kept and the run resumed"
              + " later: {}",
          running.runId,
          state,
          e.getMessage());
      return new FinalHandoff(
          new CallbackDelivery(
              event.event(),
              CallbackDelivery.Status.FAILED,
              0,
              null,
              "the outcome could not be recorded: " + e.getMessage(),
              false,
              event.eventId()),
          Disposition.RETAINED);
    }
    if (!recorded) {
      running.lose(lostMessage());
      return new FinalHandoff(
          CallbackDelivery.notSent(event.event(), "this execution no longer owns the run")
              .withEventId(event.eventId()),
          Disposition.DISCARDED);
    }
    running.recorded = true;
    context.outbox().wake();
    return FinalHandoff.recorded(CallbackOutbox.delivery(row, "recorded; the outbox delivers it"));
  }

  // --- plumbing ---

  private interface Write {
    boolean run();
  }

  /**
   * A fenced write: nothing once the outcome is recorded (the cleanup after it is not the run's
   * business any more), lost or abandoned; a refused write loses the claim.
   */
  private void write(String what, Write write) {
    if (running.recorded || running.lost || context.abandoned().getAsBoolean()) {
      return;
    }
    try {
      if (!write.run()) {
        running.lose(lostMessage());
      }
    } catch (DatabaseException e) {
      LOG.warn("run {}: cannot {}: {}", running.runId, what, e.getMessage());
    }
  }

  private String lostMessage() {
    String message =
        "node "
            + claim.nodeId()
            + " lost its claim on run "
            + claim.runId()
            + " (it was taken over, or it ended); this execution stops";
    LOG.warn(message);
    return message;
  }

  /** The stored JSON of a failure reason: its {@link FailureReasonJson} shape. */
  static ObjectNode reasonJson(FailureReason reason) {
    return FailureReasonJson.write(reason);
  }
}
