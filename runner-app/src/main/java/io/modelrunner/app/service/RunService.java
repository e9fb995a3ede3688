package io.modelrunner.app.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.pipeline.RunPipeline;
import io.modelrunner.core.pipeline.Stage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of one node, behind one facade: {@link #submit} ({@link RunDispatcher}), {@link #cancel}
 * ({@link RunCanceller}), the queue's picks ({@link RunPicker}, executing through {@link
 * RunExecutor}), the {@link Watchdog} and the {@link NodeHeartbeat}, and {@link #queries()} for the
 * web layer. After a restart it resumes what this node owned before taking queued runs ({@link
 * RestartRecovery}).
 *
 * <p><b>Exactly one execution.</b> A run executes only under a claim ({@link RunStore.Claim}) that
 * fences every write; a run owned by another node is taken over only when that node has stopped
 * heart-beating, and an execution whose claim was taken over stops ({@link ClaimCheck}).
 * Thread-safe.
 */
public final class RunService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunService.class);

  /** Makes the node's {@link RunQueue}, given what to do with a picked run. */
  public interface QueueFactory {
    RunQueue create(Consumer<String> onPicked);
  }

  /** Hears what the service does, for metrics. All methods default to nothing; must not throw. */
  public interface Observer {
    default void stageFinished(Stage stage, Duration elapsed) {}

    default void runFinished(RunState state, String reasonKind) {}

    default void callbackFailed(String event) {}
  }

  /**
   * Reattaches to (or reaps) what a crashed process left on the engine. {@link #reapOrphans} gets
   * the run ids this node still owns.
   */
  public interface Recovery {
    Recovery NONE = live -> List.of();

    /** Removes this node's containers whose run is not in {@code liveRunIds}; returns their ids. */
    List<String> reapOrphans(Set<String> liveRunIds);
  }

  private final RunServiceParts parts;
  private volatile boolean accepting = true;

  /**
   * Wires the service's parts ({@link RunServiceParts#wire}).
   *
   * @param ticker drives the watchdog and the heartbeat ({@link SystemTicker} in production)
   */
  public RunService(
      RunStore store,
      OutboxStore outboxStore,
      CallbackOutbox outbox,
      RunPipeline pipeline,
      ModelsCatalog catalog,
      JsonSchema requestSchema,
      RunSettings settings,
      Clock clock,
      Observer observer,
      Recovery recovery,
      NodeStore nodes,
      QueueFactory queues,
      Ticker ticker) {
    this(
        RunServiceParts.wire(
            store,
            outboxStore,
            outbox,
            pipeline,
            catalog,
            requestSchema,
            settings,
            clock,
            observer,
            recovery,
            nodes,
            queues,
            ticker));
  }

  RunService(RunServiceParts parts) {
    this.parts = parts;
  }

  /**
   * Heart-beats this node, recovers what it owned before a restart, and starts the queue, the
   * callback outbox, the watchdog and the heartbeat.
   */
  public void start() {
    parts.heartbeat().beat();
    parts.restart().recover();
    parts.queue().start();
    parts.outbox().start();
    parts.counts().run();
    parts.watchdog().start();
    parts.heartbeat().start();
  }

  /**
   * Stops taking runs (queued ones stay QUEUED in the database), lets running ones finish for up to
   * {@code grace}, and returns how many were still running. Those are abandoned as they are: from
   * then on they write nothing (their state stays RUNNING, their containers and workspaces stay),
   * and the next start resumes them. What is left of {@code grace} goes to delivering the callbacks
   * that are due (the final callbacks of the runs that just ended); the rest wait in the outbox for
   * the next start.
   */
  public int shutdown(Duration grace) {
    accepting = false;
    parts.watchdog().stop();
    parts.queue().pause();
    LOG.info("shutting down: {} run(s) in progress", parts.active().size());
    long deadline = System.nanoTime() + grace.toNanos();
    int left = parts.active().awaitEnd(grace);
    if (left > 0) {
      parts.active().abandon();
      LOG.warn(
          "{} run(s) still running after the grace period of {}: left as they are, to be"
              + " resumed by the next start",
          left,
          grace);
    }
    parts.queue().close();
    long rest = deadline - System.nanoTime();
    if (rest > 0 && !parts.outbox().drain(Duration.ofNanos(rest))) {
      LOG.info("callbacks still pending at shutdown are delivered after the next start");
    }
    parts.outbox().close();
    parts.heartbeat().stop();
    return left;
  }

  @Override
  public void close() {
    shutdown(Duration.ZERO);
  }

  public boolean accepting() {
    return accepting;
  }

  /**
   * Validates and persists one run per model of {@code document} and queues the new ones, all in
   * one transaction; a repeated dispatch creates nothing and answers the existing runs.
   *
   * @throws NotAcceptingWorkException when the service is shutting down
   * @throws DispatchRefusedException when the request is invalid, conflicts with an earlier one, or
   *     the queue is full
   */
  public Dispatch submit(JsonNode document) {
    if (!accepting) {
      throw new NotAcceptingWorkException("the service is shutting down; retry shortly");
    }
    return parts.dispatcher().submit(document);
  }

  public CancelOutcome cancel(String runId) {
    return parts.canceller().cancel(runId);
  }

  /** Read-only access to runs and nodes, for the web layer. */
  public RunQueries queries() {
    return parts.queries();
  }

  /** How many callback events wait for delivery, as of the last watchdog tick (for metrics). */
  public long pendingCallbacks() {
    return parts.counts().pendingCallbacks();
  }

  public int activeCount() {
    return parts.active().size();
  }

  /** Runs by state, as of the last watchdog tick (for metrics; cheap). */
  public Map<RunState, Long> counts() {
    return parts.counts().byState();
  }
}
