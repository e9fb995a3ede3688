package io.modelrunner.app.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.api.ModelRef;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.ValidationError;
import io.modelrunner.app.config.Deadlines;
import io.modelrunner.core.callback.CallbackDelivery;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.catalog.ResolvedModel;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.pipeline.Cancellation;
import io.modelrunner.core.pipeline.FailureReason;
import io.modelrunner.core.pipeline.ProgressListener;
import io.modelrunner.core.pipeline.RunJob;
import io.modelrunner.core.pipeline.RunPipeline;
import io.modelrunner.core.pipeline.RunRequestDocument;
import io.modelrunner.core.pipeline.RunResult;
import io.modelrunner.core.pipeline.Stage;
import io.modelrunner.core.pipeline.StageTiming;
import io.modelrunner.core.store.StoreDigests;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of one node: accepts dispatches (validated, persisted, queued), runs them through the
 * {@link RunPipeline} on at most {@code maxConcurrent} threads in dispatch order, records every
 * stage and callback, cancels, enforces per-stage deadlines (a watchdog), and after a restart
 * resumes what this node owned (reattaching to containers still running) before taking queued runs.
 * Thread-safe.
 */
public final class RunService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunService.class);

  /**
   * What the service needs besides its collaborators. Ended runs older than {@code retention} are
   * deleted from the database; a null {@code retention} keeps them forever.
   */
  public record Settings(
      String nodeId,
      int maxConcurrent,
      int queueLimit,
      Deadlines deadlines,
      Duration watchdogInterval,
      List<String> allowedImagePrefixes,
      Set<String> allowedCallbackHosts,
      String runnerVersion,
      Set<String> nodeLabels,
      String nodeAddress,
      Duration nodeHeartbeat,
      Duration retention) {
    /** How many ended runs one purge deletes at most per statement, and statements per tick. */
    static final int PURGE_BATCH = 500;

    static final int PURGE_BATCHES_PER_TICK = 20;

    public Settings {
      Objects.requireNonNull(nodeId, "nodeId");
      Objects.requireNonNull(deadlines, "deadlines");
      allowedImagePrefixes = List.copyOf(allowedImagePrefixes);
      allowedCallbackHosts = Set.copyOf(allowedCallbackHosts);
      nodeLabels = Set.copyOf(nodeLabels);
      Objects.requireNonNull(nodeHeartbeat, "nodeHeartbeat");
      if (retention != null && (retention.isNegative() || retention.isZero())) {
        throw new IllegalArgumentException("retention must be positive (or null): " + retention);
      }
    }

    /** How often ended runs past the retention are purged: hourly, or sooner for a short one. */
    Duration purgeInterval() {
      Duration hour = Duration.ofHours(1);
      return retention.compareTo(hour) < 0 ? retention : hour;
    }
  }

  /** Makes the node's {@link RunQueue}, given what to do with a picked run. */
  public interface QueueFactory {
    RunQueue create(java.util.function.Consumer<String> onPicked);
  }

  /** Hears what the service does, for metrics. All methods default to nothing; must not throw. */
  public interface Observer {
    default void stageFinished(Stage stage, Duration elapsed) {}

    default void runFinished(RunState state, String reasonKind) {}

    default void callbackFailed(String event) {}
  }

  private final RunStore store;
  private final RunPipeline pipeline;
  private final ModelsCatalog catalog;
  private final DispatchRules rules;
  private final Settings settings;
  private final Clock clock;
  private final Observer observer;
  private final Recovery recovery;
  private final ObjectMapper mapper = JsonMappers.standard();
  private final ObjectMapper canonical = JsonMappers.canonical();
  private final RunQueue queue;
  private final NodeStore nodes;
  private final Instant startedAt;
  private final ExecutorService finishers;
  private final ScheduledExecutorService watchdog;
  private final Map<String, ActiveRun> active = new ConcurrentHashMap<>();
  private final AtomicReference<Map<RunState, Long>> counts = new AtomicReference<>(Map.of());
  private volatile boolean accepting = true;
  private volatile long lastHeartbeatNanos;
  private long lastPurgeNanos;

  /**
   * Reattaches to (or reaps) what a crashed process left on the engine. {@link #reapOrphans} gets
   * the run ids this node still owns.
   */
  public interface Recovery {
    Recovery NONE = live -> List.of();

    /** Removes this node's containers whose run is not in {@code liveRunIds}; returns their ids. */
    List<String> reapOrphans(Set<String> liveRunIds);
  }

  public RunService(
      RunStore store,
      RunPipeline pipeline,
      ModelsCatalog catalog,
      JsonSchema requestSchema,
      Settings settings,
      Clock clock,
      Observer observer,
      Recovery recovery,
      NodeStore nodes,
      QueueFactory queues) {
    this.store = Objects.requireNonNull(store, "store");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.rules =
        new DispatchRules(
            Objects.requireNonNull(requestSchema, "requestSchema"),
            catalog,
            settings.allowedImagePrefixes(),
            settings.allowedCallbackHosts());
    this.clock = Objects.requireNonNull(clock, "clock");
    this.observer = Objects.requireNonNull(observer, "observer");
    this.recovery = Objects.requireNonNull(recovery, "recovery");
    this.nodes = Objects.requireNonNull(nodes, "nodes");
    this.startedAt = clock.instant();
    this.queue = queues.create(this::onPicked);
    this.finishers = Executors.newCachedThreadPool(threads("run-finisher-", false));
    this.watchdog = Executors.newSingleThreadScheduledExecutor(threads("run-watchdog", true));
  }

  // --- lifecycle ---

  /**
   * Resumes the runs this node owned when it stopped (reattaching to their containers), removes
   * orphan containers, queues the QUEUED runs in dispatch order, and starts the watchdog.
   */
  public void start() {
    List<StoredRun> owned = store.running(settings.nodeId());
    Set<String> live = new HashSet<>();
    for (StoredRun run : owned) {
      live.add(run.runId());
      Stage reached = stageOf(run.stage());
      LOG.info(
          "resuming run {} (model {}) from stage {} after a restart",
          run.runId(),
          run.modelSlug(),
          reached.wireName());
      finishers.execute(() -> execute(run, reached, null));
    }
    try {
      List<String> reaped = recovery.reapOrphans(live);
      if (!reaped.isEmpty()) {
        LOG.info("removed {} orphan container(s) of this node: {}", reaped.size(), reaped);
      }
    } catch (RuntimeException e) {
      LOG.warn("cannot look for orphan containers: {}", e.getMessage());
    }
    for (StoredRun run : store.queued()) {
      enqueue(run); // no-op for runs already queued; repairs a crash between insert and enqueue
    }
    heartbeat();
    queue.start();
    refreshCounts();
    if (settings.retention() != null) {
      lastPurgeNanos = System.nanoTime() - settings.purgeInterval().toNanos(); // purge at once
    }
    long every = settings.watchdogInterval().toMillis();
    watchdog.scheduleWithFixedDelay(this::watch, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Stops taking runs (queued ones stay QUEUED in the database), lets running ones finish for up to
   * {@code grace}, and returns how many were still running — those keep their state and are resumed
   * by the next start.
   */
  public int shutdown(Duration grace) {
    accepting = false;
    watchdog.shutdownNow();
    // Runs not picked yet stay QUEUED in the database for any node; queue.close() waits for the
    // runs in progress up to the grace (its shutdown wait).
    LOG.info("shutting down: {} run(s) in progress", active.size());
    long deadline = System.nanoTime() + grace.toNanos();
    queue.close();
    finishers.shutdown();
    try {
      finishers.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int left = active.size();
    if (left > 0) {
      LOG.warn(
          "{} run(s) still running after the grace period of {}: left as they are, to be"
              + " resumed by the next start",
          left,
          grace);
    }
    return left;
  }

  @Override
  public void close() {
    shutdown(Duration.ZERO);
  }

  public boolean accepting() {
    return accepting;
  }

  // --- dispatch ---

  /**
   * Validates and persists one run per model of {@code document} and queues the new ones. A
   * repeated dispatch (same request id and model slug, same body) creates nothing and answers the
   * existing runs.
   *
   * @throws DispatchRefusedException when the request is invalid, conflicts with an earlier one, or
   *     the queue is full
   */
  public Dispatch submit(JsonNode document) {
    if (!accepting) {
      throw new IllegalStateException("the service is shutting down");
    }
    List<ValidationError> errors = rules.check(document);
    if (!errors.isEmpty()) {
      throw new DispatchRefusedException(
          DispatchRefusedException.Kind.INVALID,
          "the run request is invalid: "
              + errors.get(0)
              + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""),
          errors);
    }
    RunRequestDocument request = RunRequestDocument.of(document);
    String json = write(document);
    String sha = sha256(canonicalJson(document));
    // Conflicts and the queue bound are checked before anything is stored, so a refused dispatch
    // leaves nothing behind; a repeated dispatch is never refused for a full queue.
    int fresh = 0;
    for (ModelRef model : request.models()) {
      Optional<StoredRun> earlier = store.findByRequest(request.id(), model.slug());
      if (earlier.isEmpty()) {
        fresh++;
      } else if (!earlier.get().requestSha256().equals(sha)) {
        throw conflict(request.id(), model.slug(), earlier.get().runId());
      }
    }
    long queued = store.queuedCount();
    if (fresh > 0 && queued + fresh > settings.queueLimit()) {
      throw new DispatchRefusedException(
          DispatchRefusedException.Kind.QUEUE_FULL,
          "the queue holds "
              + queued
              + " runs, its limit is "
              + settings.queueLimit()
              + " (runs.queue-limit)",
          List.of());
    }
    List<Dispatch.Entry> entries = new ArrayList<>();
    List<StoredRun> toQueue = new ArrayList<>();
    Instant now = clock.instant();
    for (int i = 0; i < request.models().size(); i++) {
      ModelRef model = request.models().get(i);
      RunStore.Insert insert =
          store.insertIfAbsent(
              new NewRun(
                  RunJob.newRunId(request.id(), model.slug()),
                  request.id(),
                  model.slug(),
                  model.imageURL(),
                  sha,
                  json,
                  request.callbackURL(),
                  now));
      StoredRun run = insert.run();
      if (!insert.created() && !run.requestSha256().equals(sha)) {
        throw conflict(request.id(), model.slug(), run.runId()); // a concurrent dispatch won
      }
      entries.add(new Dispatch.Entry(run.runId(), model.slug(), run.state(), insert.created()));
      if (insert.created()) {
        toQueue.add(run);
      }
    }
    toQueue.forEach(this::enqueue);
    return new Dispatch(request.id(), entries);
  }

  private static DispatchRefusedException conflict(String requestId, String slug, String runId) {
    return new DispatchRefusedException(
        DispatchRefusedException.Kind.CONFLICT,
        "request "
            + requestId
            + " with model "
            + slug
            + " was dispatched before with a different body (run "
            + runId
            + "); use a new request id to run it again",
        List.of(new ValidationError("/id", "was used before for a different request")));
  }

  // --- queries ---

  public Optional<StoredRun> find(String runId) {
    return store.find(runId);
  }

  public RunStore store() {
    return store;
  }

  /** The workspace of a run this node is running now, for the live log tail. */
  public boolean isActiveHere(String runId) {
    return active.containsKey(runId);
  }

  public int activeCount() {
    return active.size();
  }

  /** Runs by state, as of the last watchdog tick (for metrics; cheap). */
  public Map<RunState, Long> counts() {
    return counts.get();
  }

  // --- cancel ---

  public CancelOutcome cancel(String runId) {
    Optional<StoredRun> found = store.find(runId);
    if (found.isEmpty()) {
      return CancelOutcome.NOT_FOUND;
    }
    StoredRun run = found.get();
    if (run.state().isFinal()) {
      return CancelOutcome.ALREADY_ENDED;
    }
    if (run.state() == RunState.QUEUED
        && store.claimForCancel(runId, settings.nodeId(), clock.instant())) {
      LOG.info("run {} cancelled while queued", runId);
      queue.forget(runId, labelsOf(run));
      finishNow(runId, FailureReason.of(FailureReason.Kind.CANCELLED, "cancelled while queued"));
      return CancelOutcome.CANCELLED_WHILE_QUEUED;
    }
    if (!store.flagCancel(runId)) {
      return CancelOutcome.ALREADY_ENDED;
    }
    ActiveRun running = active.get(runId);
    if (running != null) {
      LOG.info("cancelling run {} in stage {}", runId, running.stage.wireName());
      running.cancellation.cancel(
          FailureReason.of(FailureReason.Kind.CANCELLED, "the run was cancelled"));
    }
    return CancelOutcome.CANCELLING;
  }

  // --- execution ---

  private void enqueue(StoredRun run) {
    queue.enqueue(run.runId(), labelsOf(run), run.createdAt());
  }

  /** The labels a node needs to run {@code run}'s model (catalog {@code labels}). */
  private Set<String> labelsOf(StoredRun run) {
    try {
      return catalog.resolve(new ModelRef(run.modelSlug(), run.image())).requiredLabels();
    } catch (RuntimeException e) {
      return Set.of();
    }
  }

  /**
   * A run the queue gave this node: a new one to claim, or one whose node was lost (db-scheduler
   * revives an execution whose node stopped heart-beating), which this node takes over and fails or
   * runs again as the model's {@code onNodeLoss} says.
   */
  private void onPicked(String runId) {
    Optional<StoredRun> found;
    try {
      found = store.find(runId);
    } catch (RuntimeException e) {
      LOG.warn("run {}: cannot read it ({}); leaving it to the lease", runId, e.getMessage());
      throw e; // db-scheduler retries the execution later
    }
    if (found.isEmpty()) {
      return;
    }
    StoredRun run = found.get();
    if (run.state() == RunState.QUEUED) {
      if (store.claim(runId, settings.nodeId(), clock.instant())) {
        store.find(runId).ifPresent(claimed -> execute(claimed, null, null));
      }
      return;
    }
    if (run.state() != RunState.RUNNING || active.containsKey(runId)) {
      return; // ended, or being resumed here after a restart
    }
    if (settings.nodeId().equals(run.nodeId())) {
      execute(run, stageOf(run.stage()), null); // ours from before a restart
      return;
    }
    String lost = run.nodeId();
    if (!store.takeOver(runId, lost, settings.nodeId())) {
      return;
    }
    Stage reached = stageOf(run.stage());
    ResolvedModel.NodeLossPolicy policy =
        catalog.resolve(new ModelRef(run.modelSlug(), run.image())).onNodeLoss();
    LOG.warn(
        "run {} (model {}): node {} was lost in stage {}; taking it over ({})",
        runId,
        run.modelSlug(),
        lost,
        reached.wireName(),
        policy);
    if (reached.compareTo(Stage.EXECUTE) < 0 || policy == ResolvedModel.NodeLossPolicy.RERUN) {
      execute(run, Stage.VALIDATE, null); // the model never started, or may run again
    } else {
      execute(
          run,
          null,
          FailureReason.of(
              FailureReason.Kind.PLATFORM_ERROR,
              "node "
                  + lost
                  + " stopped heart-beating while the run was in stage "
                  + reached.wireName()
                  + "; the model's onNodeLoss policy is fail"));
    }
  }

  /** The nodes of the pool, as they last reported themselves. */
  public List<NodeStore.Node> nodes() {
    return nodes.list();
  }

  private void heartbeat() {
    lastHeartbeatNanos = System.nanoTime();
    nodes.heartbeat(
        new NodeStore.Node(
            settings.nodeId(),
            settings.nodeLabels(),
            settings.maxConcurrent(),
            active.size(),
            settings.runnerVersion(),
            settings.nodeAddress(),
            startedAt,
            clock.instant()));
  }

  /** Runs a claimed run that must end at once (cancelled or timed out while queued). */
  private void finishNow(String runId, FailureReason why) {
    Runnable task = () -> store.find(runId).ifPresent(run -> execute(run, null, why));
    try {
      finishers.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      task.run();
    }
  }

  /**
   * Runs (or resumes, when {@code resumeFrom} is set) a claimed run to its end; {@code preset}
   * cancels it before it starts.
   */
  private void execute(StoredRun claimed, Stage resumeFrom, FailureReason preset) {
    String runId = claimed.runId();
    Cancellation cancellation = new Cancellation();
    ActiveRun running = new ActiveRun(runId, cancellation, Thread.currentThread());
    if (active.putIfAbsent(runId, running) != null) {
      return; // this node is working on it already (a restart's resume met a revived pick)
    }
    try {
      // Re-read under the in-process exclusion: the caller's copy may be stale, and a run that
      // ended or moved to another node in the meantime must not run (or call back) twice.
      StoredRun run = store.find(runId).orElse(null);
      if (run == null
          || run.state() != RunState.RUNNING
          || !settings.nodeId().equals(run.nodeId())) {
        return;
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
      if (preset != null) {
        cancellation.cancel(preset);
      } else if (run.cancelRequested()) {
        cancellation.cancel(
            FailureReason.of(FailureReason.Kind.CANCELLED, "the run was cancelled"));
      }
      RunJob job =
          new RunJob(request, model, resolved.launch(), resolved.limits(), cancellation, runId);
      Listener listener = new Listener(running);
      if (resumeFrom == null) {
        pipeline.run(job, listener);
      } else {
        pipeline.resume(job, run.identity(), resumeFrom, listener);
      }
    } catch (Exception | Error e) {
      LOG.error("run {} failed outside the pipeline", runId, e);
      finishOutsidePipeline(claimed, "the runner failed: " + e);
    } finally {
      active.remove(runId, running);
      Thread.interrupted(); // a watchdog interrupt must not leak into the next run on this thread
    }
  }

  /** The pipeline could not even start: record the failure (its final callback is not sent). */
  private void finishOutsidePipeline(StoredRun run, String message) {
    ObjectNode reason = mapper.createObjectNode();
    reason.put("kind", FailureReason.Kind.PLATFORM_ERROR.wireName());
    reason.put("message", message);
    reason.putArray("logTail");
    try {
      store.finish(run.runId(), RunState.FAILED, reason, List.of(), List.of(), clock.instant());
      store.recordCallback(
          run.runId(),
          CallbackDelivery.notSent("final", "the runner failed before it could run the pipeline"),
          clock.instant());
      observer.runFinished(RunState.FAILED, FailureReason.Kind.PLATFORM_ERROR.wireName());
    } catch (RuntimeException e) {
      LOG.error("run {}: cannot record its failure: {}", run.runId(), e.getMessage());
    }
  }

  /** Persists a run's progress as the pipeline reports it. */
  private final class Listener implements ProgressListener {
    private final ActiveRun running;

    Listener(ActiveRun running) {
      this.running = running;
    }

    @Override
    public void stageStarted(String modelSlug, Stage stage, Duration sinceJobStart) {
      running.enter(stage);
      store.enterStage(running.runId, stage.wireName(), clock.instant());
    }

    @Override
    public void prepared(
        String modelSlug, String runId, ModelIdentity identity, String storePrefix) {
      store.recordIdentity(running.runId, identity, storePrefix);
    }

    @Override
    public void executionStarted(String modelSlug, String runId, String executionId) {
      store.recordExecution(running.runId, executionId);
    }

    @Override
    public void callbackSent(String modelSlug, String runId, CallbackDelivery delivery) {
      store.recordCallback(running.runId, delivery, clock.instant());
      if (delivery.status() == CallbackDelivery.Status.FAILED) {
        observer.callbackFailed(delivery.event());
      }
    }

    @Override
    public void finished(RunResult result) {
      RunState state = result.completed() ? RunState.COMPLETE : RunState.FAILED;
      JsonNode reason = result.reason() == null ? null : reasonJson(result.reason());
      store.finish(
          running.runId, state, reason, result.artifacts(), result.warnings(), clock.instant());
      for (StageTiming t : result.timings()) {
        observer.stageFinished(t.stage(), t.elapsed());
      }
      observer.runFinished(state, result.reason() == null ? "" : result.reason().kind().wireName());
      LOG.info(
          "run {} ended {}{}",
          running.runId,
          state,
          result.reason() == null ? "" : ": " + result.reason().summary());
    }
  }

  private ObjectNode reasonJson(FailureReason reason) {
    ObjectNode node = mapper.createObjectNode();
    node.put("kind", reason.kind().wireName());
    node.put("message", reason.message());
    if (reason.exitCode() != null) {
      node.put("exitCode", reason.exitCode());
    }
    ArrayNode tail = node.putArray("logTail");
    reason.logTail().forEach(tail::add);
    if (!reason.errors().isEmpty()) {
      ArrayNode errs = node.putArray("errors");
      reason.errors().forEach(errs::add);
    }
    return node;
  }

  // --- the watchdog ---

  private void watch() {
    try {
      long now = System.nanoTime();
      for (ActiveRun run : active.values()) {
        Stage stage = run.stage;
        if (stage == null || run.timedOut) {
          continue;
        }
        Duration limit = settings.deadlines().of(stage, run.modelDeadline);
        if (now - run.stageEnteredNanos > limit.toNanos()) {
          run.timedOut = true;
          String message =
              "the run exceeded its deadline of " + limit + " in stage " + stage.wireName();
          LOG.warn("run {}: {}", run.runId, message);
          run.cancellation.cancel(FailureReason.of(FailureReason.Kind.TIMEOUT, message));
          if (stage != Stage.EXECUTE) {
            run.thread.interrupt(); // blocked in a call that a cancel does not reach
          }
        }
      }
      for (String flagged : store.cancelFlagged(settings.nodeId())) {
        ActiveRun running = active.get(flagged); // cancelled through another node's API
        if (running != null && !running.cancellation.isCancelled()) {
          running.cancellation.cancel(
              FailureReason.of(FailureReason.Kind.CANCELLED, "the run was cancelled"));
        }
      }
      if (System.nanoTime() - lastHeartbeatNanos >= settings.nodeHeartbeat().toNanos()) {
        heartbeat();
      }
      if (settings.retention() != null
          && System.nanoTime() - lastPurgeNanos >= settings.purgeInterval().toNanos()) {
        purgeExpired();
      }
      Instant oldest = clock.instant().minus(settings.deadlines().queued());
      for (StoredRun queued : store.queuedBefore(oldest)) {
        if (store.claimForCancel(queued.runId(), settings.nodeId(), clock.instant())) {
          String message =
              "the run waited longer than its queue deadline of " + settings.deadlines().queued();
          LOG.warn("run {}: {}", queued.runId(), message);
          queue.forget(queued.runId(), labelsOf(queued));
          finishNow(queued.runId(), FailureReason.of(FailureReason.Kind.TIMEOUT, message));
        }
      }
      refreshCounts();
    } catch (RuntimeException e) {
      LOG.warn("watchdog round failed: {}", e.toString());
    }
  }

  /**
   * Deletes the ended runs older than the retention, in bounded batches so that one tick never
   * holds the database long; what is left waits for the next purge. Every node of a pool purges:
   * the deletes are idempotent.
   */
  private void purgeExpired() {
    lastPurgeNanos = System.nanoTime();
    Instant before = clock.instant().minus(settings.retention());
    int purged = 0;
    for (int batch = 0; batch < Settings.PURGE_BATCHES_PER_TICK; batch++) {
      int n = store.purgeEndedBefore(before, Settings.PURGE_BATCH);
      purged += n;
      if (n < Settings.PURGE_BATCH) {
        break;
      }
    }
    if (purged > 0) {
      LOG.info(
          "deleted {} run(s) that ended before {} (runs.retention {})",
          purged,
          before,
          settings.retention());
    }
  }

  private void refreshCounts() {
    counts.set(Map.copyOf(store.countByState()));
  }

  /** A run on this node's threads right now. */
  private static final class ActiveRun {
    final String runId;
    final Cancellation cancellation;
    final Thread thread;
    volatile Stage stage;
    volatile long stageEnteredNanos = System.nanoTime();
    volatile Duration modelDeadline = Duration.ofHours(2);
    volatile boolean timedOut;

    ActiveRun(String runId, Cancellation cancellation, Thread thread) {
      this.runId = runId;
      this.cancellation = cancellation;
      this.thread = thread;
    }

    void enter(Stage next) {
      stageEnteredNanos = System.nanoTime();
      stage = next;
    }
  }

  // --- helpers ---

  /** The stage a stored run had reached; a run that entered none is at the first. */
  static Stage stageOf(String wireName) {
    return wireName == null ? Stage.VALIDATE : Stage.fromWireName(wireName);
  }

  private String write(JsonNode document) {
    try {
      return mapper.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a request", e);
    }
  }

  private byte[] canonicalJson(JsonNode document) {
    try {
      return canonical.writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a request", e);
    }
  }

  private static String sha256(byte[] bytes) {
    return StoreDigests.hex(StoreDigests.sha256().digest(bytes));
  }

  private static ThreadFactory threads(String prefix, boolean daemon) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + (daemon ? "" : n.incrementAndGet()));
      t.setDaemon(daemon);
      return t;
    };
  }
}
