package io.modelrunner.app.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.ModelRef;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.ValidationError;
import io.modelrunner.app.config.Deadlines;
import io.modelrunner.app.db.DatabaseException;
import io.modelrunner.core.callback.CallbackEvent;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.catalog.ResolvedModel;
import io.modelrunner.core.internal.Hashing;
import io.modelrunner.core.pipeline.FailureReason;
import io.modelrunner.core.pipeline.RunJob;
import io.modelrunner.core.pipeline.RunPipeline;
import io.modelrunner.core.pipeline.RunRequestDocument;
import io.modelrunner.core.pipeline.Stage;
import java.nio.file.Path;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of one node: accepts dispatches (validated, persisted with their queue entries in one
 * transaction), runs them through the {@link RunPipeline} on at most {@code maxConcurrent} threads
 * in dispatch order, records every stage, cancels, enforces per-stage deadlines (a watchdog), and
 * after a restart resumes what this node owned before taking queued runs.
 *
 * <p><b>Exactly one execution.</b> A run executes only under a claim ({@link RunStore.Claim}): this
 * node reserves the run in its table of active runs first (so no second execution of it starts
 * here), then takes the claim with a compare-and-set that increments the run's epoch (so no other
 * node's execution can write it any more). A run owned by another node is taken over only when that
 * node has stopped heart-beating; an execution whose claim was taken over stops. Thread-safe.
 */
public final class RunService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunService.class);

  /**
   * What the service needs besides its collaborators. Ended runs older than {@code retention} are
   * deleted from the database; a null {@code retention} keeps them forever.
   *
   * @param nodeLease how long a node may be silent before another takes its runs over
   * @param startCallbackAttempts attempts of the start callback that a run waits for
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
      Duration nodeLease,
      Duration retention,
      int startCallbackAttempts,
      Path workRoot) {
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
      Objects.requireNonNull(nodeLease, "nodeLease");
      if (retention != null && (retention.isNegative() || retention.isZero())) {
        throw new IllegalArgumentException("retention must be positive (or null): " + retention);
      }
      if (startCallbackAttempts < 1) {
        throw new IllegalArgumentException("startCallbackAttempts must be at least 1");
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

  /**
   * Reattaches to (or reaps) what a crashed process left on the engine. {@link #reapOrphans} gets
   * the run ids this node still owns.
   */
  public interface Recovery {
    Recovery NONE = live -> List.of();

    /** Removes this node's containers whose run is not in {@code liveRunIds}; returns their ids. */
    List<String> reapOrphans(Set<String> liveRunIds);
  }

  /** The owner of a picked run is alive: leave the run to it and look again later. */
  static final class OwnerAliveException extends RuntimeException {
    OwnerAliveException(String message) {
      super(message, null, false, false);
    }
  }

  private final RunStore store;
  private final OutboxStore outboxStore;
  private final CallbackOutbox outbox;
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
  private final ExecutorService executions;
  private final ScheduledExecutorService watchdog;
  private final ScheduledExecutorService heartbeats;
  private final Map<String, ActiveRun> active = new ConcurrentHashMap<>();
  private final AtomicReference<Map<RunState, Long>> counts = new AtomicReference<>(Map.of());
  private final RunRecorder.Context recorders;
  private volatile boolean accepting = true;
  private volatile boolean abandoned;
  private volatile long pendingCallbacks;
  private long lastPurgeNanos;
  private long lastReapNanos = System.nanoTime();

  /** How often the watchdog removes containers of this node that belong to no live run. */
  static final Duration REAP_INTERVAL = Duration.ofMinutes(1);

  public RunService(
      RunStore store,
      OutboxStore outboxStore,
      CallbackOutbox outbox,
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
    this.outboxStore = Objects.requireNonNull(outboxStore, "outboxStore");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
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
    // Executions run on threads of their own, never interrupted by the queue's shutdown: a run
    // left running when the service stops past its grace keeps its container and workspace for
    // the next start.
    this.executions = Executors.newCachedThreadPool(threads("run-", true));
    this.watchdog = Executors.newSingleThreadScheduledExecutor(threads("run-watchdog", true));
    this.heartbeats = Executors.newSingleThreadScheduledExecutor(threads("node-heartbeat", true));
    this.recorders =
        new RunRecorder.Context(
            store,
            outbox,
            clock,
            observer,
            settings.startCallbackAttempts(),
            () -> settings.deadlines().of(Stage.START_CALLBACK, Duration.ZERO),
            () -> abandoned);
  }

  // --- lifecycle ---

  /**
   * Heart-beats this node, removes orphan containers, makes this node's runs from before a restart
   * due again (they are reclaimed and resumed as they are picked), repairs queue entries, and
   * starts the queue, the callback outbox and the watchdog.
   */
  public void start() {
    heartbeat();
    List<StoredRun> owned = store.running(settings.nodeId());
    Set<String> live = new HashSet<>();
    owned.forEach(run -> live.add(run.runId()));
    try {
      List<String> reaped = recovery.reapOrphans(live);
      if (!reaped.isEmpty()) {
        LOG.info("removed {} orphan container(s) of this node: {}", reaped.size(), reaped);
      }
    } catch (RuntimeException e) {
      LOG.warn("cannot look for orphan containers: {}", e.getMessage());
    }
    int revived = queue.reviveOwn();
    for (StoredRun run : owned) {
      LOG.info(
          "resuming run {} (model {}) from stage {} after a restart",
          run.runId(),
          run.modelSlug(),
          stageOf(run.stage()).wireName());
      enqueue(run); // no-op when its entry exists (revived above)
    }
    if (revived > 0) {
      LOG.info("{} queue entr(ies) this node had picked before it stopped are due again", revived);
    }
    for (StoredRun run : store.queued()) {
      enqueue(run); // no-op for runs already queued; repairs entries lost by older versions
    }
    queue.start();
    outbox.start();
    refreshCounts();
    if (settings.retention() != null) {
      lastPurgeNanos = System.nanoTime() - settings.purgeInterval().toNanos(); // purge at once
    }
    long every = settings.watchdogInterval().toMillis();
    watchdog.scheduleWithFixedDelay(this::watch, every, every, TimeUnit.MILLISECONDS);
    long beat = settings.nodeHeartbeat().toMillis();
    heartbeats.scheduleAtFixedRate(this::heartbeatQuietly, beat, beat, TimeUnit.MILLISECONDS);
  }

  /**
   * Stops taking runs (queued ones stay QUEUED in the database), lets running ones finish for up to
   * {@code grace}, and returns how many were still running. Those are abandoned as they are: from
   * then on they write nothing (their state stays RUNNING, their containers and workspaces stay),
   * and the next start resumes them.
   */
  public int shutdown(Duration grace) {
    accepting = false;
    watchdog.shutdownNow();
    queue.pause();
    LOG.info("shutting down: {} run(s) in progress", active.size());
    long deadline = System.nanoTime() + grace.toNanos();
    for (ActiveRun run : List.copyOf(active.values())) {
      try {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !run.awaitEnd(Duration.ofNanos(left))) {
          break;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    int left = active.size();
    if (left > 0) {
      abandoned = true;
      LOG.warn(
          "{} run(s) still running after the grace period of {}: left as they are, to be"
              + " resumed by the next start",
          left,
          grace);
    }
    queue.close();
    outbox.close();
    heartbeats.shutdownNow();
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
   * Validates and persists one run per model of {@code document} and queues the new ones, all in
   * one transaction. A repeated dispatch (same request id and model slugs, same body) creates
   * nothing and answers the existing runs.
   *
   * @throws DispatchRefusedException when the request is invalid, conflicts with an earlier one,
   *     the queue is full, or the service is stopping
   */
  public Dispatch submit(JsonNode document) {
    if (!accepting) {
      throw new DispatchRefusedException(
          DispatchRefusedException.Kind.UNAVAILABLE,
          "the service is shutting down; retry shortly",
          List.of());
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
    Instant now = clock.instant();
    List<RunStore.Dispatched> runs = new ArrayList<>();
    for (ModelRef model : request.models()) {
      NewRun run =
          new NewRun(
              RunJob.newRunId(request.id(), model.slug()),
              request.id(),
              model.slug(),
              model.imageURL(),
              sha,
              json,
              request.callbackURL(),
              now);
      runs.add(new RunStore.Dispatched(run, RunQueue.taskName(labelsOf(model))));
    }
    RunStore.DispatchOutcome outcome = store.dispatch(runs, settings.queueLimit());
    if (outcome instanceof RunStore.DispatchOutcome.Conflicting c) {
      throw conflict(request.id(), c.earlier().modelSlug(), c.earlier().runId());
    }
    if (outcome instanceof RunStore.DispatchOutcome.QueueFull full) {
      throw new DispatchRefusedException(
          DispatchRefusedException.Kind.QUEUE_FULL,
          "the queue holds "
              + full.queued()
              + " runs, its limit is "
              + full.limit()
              + " (runs.queue-limit)",
          List.of());
    }
    List<Dispatch.Entry> entries = new ArrayList<>();
    boolean created = false;
    for (RunStore.Insert insert : ((RunStore.DispatchOutcome.Accepted) outcome).runs()) {
      StoredRun run = insert.run();
      entries.add(new Dispatch.Entry(run.runId(), run.modelSlug(), run.state(), insert.created()));
      created |= insert.created();
    }
    if (created) {
      queue.wake();
    }
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

  /** A run's callback events, in order (its delivery log). */
  public List<CallbackEntry> callbacks(String runId) {
    return outboxStore.forRun(runId).stream().map(CallbackEntry::of).toList();
  }

  /** How many callback events wait for delivery, as of the last watchdog tick (for metrics). */
  public long pendingCallbacks() {
    return pendingCallbacks;
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
    if (run.state() == RunState.QUEUED) {
      ActiveRun reserved = reserve(runId);
      if (reserved != null) {
        Optional<RunStore.Claim> claim =
            store.claimForCancel(runId, settings.nodeId(), clock.instant());
        if (claim.isPresent()) {
          LOG.info("run {} cancelled while queued", runId);
          queue.forget(runId, labelsOf(run));
          finishNow(
              reserved,
              claim.get(),
              FailureReason.of(FailureReason.Kind.CANCELLED, "cancelled while queued"));
          return CancelOutcome.CANCELLED_WHILE_QUEUED;
        }
        release(reserved);
      }
    }
    if (!store.flagCancel(runId)) {
      return CancelOutcome.ALREADY_ENDED;
    }
    ActiveRun running = active.get(runId);
    if (running != null) {
      LOG.info("cancelling run {} in stage {}", runId, stageName(running));
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
    return labelsOf(new ModelRef(run.modelSlug(), run.image()));
  }

  private Set<String> labelsOf(ModelRef model) {
    try {
      return catalog.resolve(model).requiredLabels();
    } catch (RuntimeException e) {
      return Set.of();
    }
  }

  /**
   * Reserves {@code runId} in this node's table of active runs; null when this node is working on
   * it already.
   */
  private ActiveRun reserve(String runId) {
    ActiveRun reserved = new ActiveRun(runId);
    return active.putIfAbsent(runId, reserved) == null ? reserved : null;
  }

  private void release(ActiveRun reserved) {
    active.remove(reserved.runId, reserved);
    reserved.markEnded();
  }

  /**
   * A run the queue gave this node (on a queue thread, which it holds until the run ends): a new
   * one to claim, this node's own from before a restart to resume, or one whose node was lost,
   * which this node takes over and fails or runs again as the model's {@code onNodeLoss} says.
   *
   * @throws OwnerAliveException when another node that is alive owns the run (picked again later)
   */
  private void onPicked(String runId) {
    StoredRun run = store.find(runId).orElse(null);
    if (run == null || run.state().isFinal()) {
      return;
    }
    if (run.state() == RunState.RUNNING && !settings.nodeId().equals(run.nodeId())) {
      takeOver(run);
      return;
    }
    ActiveRun reserved = reserve(runId);
    if (reserved == null) {
      awaitActive(runId); // already ours and going: hold this slot until it ends
      return;
    }
    Optional<RunStore.Claim> claim =
        run.state() == RunState.QUEUED
            ? store.claim(runId, settings.nodeId(), clock.instant())
            : store.reclaim(runId, settings.nodeId(), run.claimEpoch());
    if (claim.isEmpty()) {
      release(reserved); // another node (or execution) won it
      return;
    }
    Stage resumeFrom = run.state() == RunState.QUEUED ? null : stageOf(run.stage());
    runAndWait(reserved, claim.get(), resumeFrom, null);
  }

  private void takeOver(StoredRun run) {
    String lost = run.nodeId();
    Instant silentSince = clock.instant().minus(settings.nodeLease());
    ActiveRun reserved = reserve(run.runId());
    if (reserved == null) {
      return;
    }
    Optional<RunStore.Claim> claim =
        store.takeOver(run.runId(), lost, run.claimEpoch(), settings.nodeId(), silentSince);
    if (claim.isEmpty()) {
      release(reserved);
      StoredRun now = store.find(run.runId()).orElse(null);
      if (now != null
          && now.state() == RunState.RUNNING
          && lost.equals(now.nodeId())
          && now.claimEpoch() == run.claimEpoch()) {
        throw new OwnerAliveException(
            "run " + run.runId() + " is owned by node " + lost + ", which is alive");
      }
      return; // ended, or moved to another node meanwhile
    }
    Stage reached = stageOf(run.stage());
    ResolvedModel.NodeLossPolicy policy =
        catalog.resolve(new ModelRef(run.modelSlug(), run.image())).onNodeLoss();
    LOG.warn(
        "run {} (model {}): node {} was lost in stage {}; taking it over ({})",
        run.runId(),
        run.modelSlug(),
        lost,
        reached.wireName(),
        policy);
    if (reached.compareTo(Stage.EXECUTE) < 0 || policy == ResolvedModel.NodeLossPolicy.RERUN) {
      runAndWait(reserved, claim.get(), Stage.VALIDATE, null); // never started, or may run again
    } else {
      runAndWait(
          reserved,
          claim.get(),
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

  /** Holds the queue's thread while this node's execution of {@code runId} goes on. */
  private void awaitActive(String runId) {
    ActiveRun running = active.get(runId);
    if (running == null) {
      return;
    }
    try {
      while (!running.awaitEnd(Duration.ofSeconds(1))) {
        if (abandoned) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Executes a claimed run on an execution thread and waits (on the queue's thread) for it. */
  private void runAndWait(
      ActiveRun reserved, RunStore.Claim claim, Stage resumeFrom, FailureReason preset) {
    Future<?> done;
    try {
      done = executions.submit(() -> execute(reserved, claim, resumeFrom, preset));
    } catch (RejectedExecutionException e) {
      release(reserved); // stopping: the run stays RUNNING and is resumed by the next start
      return;
    }
    try {
      done.get();
    } catch (InterruptedException e) {
      // the queue stops: the execution goes on (or is abandoned) on its own thread
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      LOG.error("run {}: its execution failed", claim.runId(), e.getCause());
    }
  }

  /** Ends a run claimed to be cancelled or timed out while queued, on an execution thread. */
  private void finishNow(ActiveRun reserved, RunStore.Claim claim, FailureReason why) {
    try {
      executions.execute(() -> execute(reserved, claim, null, why));
    } catch (RejectedExecutionException e) {
      execute(reserved, claim, null, why);
    }
  }

  /**
   * Runs (or resumes, when {@code resumeFrom} is set) run {@code claim.runId()} to its end under
   * {@code claim}; {@code preset} cancels it before it starts.
   */
  private void execute(
      ActiveRun running, RunStore.Claim claim, Stage resumeFrom, FailureReason preset) {
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
      if (preset != null) {
        running.cancellation.cancel(preset);
      } else if (run.cancelRequested()) {
        running.cancellation.cancel(
            FailureReason.of(FailureReason.Kind.CANCELLED, "the run was cancelled"));
      }
      RunJob job =
          new RunJob(
              request, model, resolved.launch(), resolved.limits(), running.cancellation, runId);
      RunRecorder recorder = new RunRecorder(recorders, running, claim);
      if (resumeFrom == null) {
        pipeline.run(job, recorder, recorder);
      } else {
        pipeline.resume(job, run.identity(), resumeFrom, recorder, recorder);
      }
    } catch (Exception | Error e) {
      LOG.error("run {} failed outside the pipeline", runId, e);
      finishOutsidePipeline(running, claim, "the runner failed: " + e);
    } finally {
      release(running);
      Thread.interrupted(); // a watchdog interrupt must not leak into the next run on this thread
    }
  }

  /**
   * The pipeline could not even start: record the failure and its final {@code failed} callback.
   */
  private void finishOutsidePipeline(ActiveRun running, RunStore.Claim claim, String message) {
    if (abandoned || running.lost) {
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

  /** The nodes of the pool, as they last reported themselves. */
  public List<NodeStore.Node> nodes() {
    return nodes.list();
  }

  private void heartbeat() {
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

  private void heartbeatQuietly() {
    try {
      heartbeat();
    } catch (RuntimeException e) {
      LOG.warn("cannot record this node's heartbeat: {}", e.getMessage());
    }
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
          Thread thread = run.thread;
          if (stage != Stage.EXECUTE && thread != null) {
            thread.interrupt(); // blocked in a call that a cancel does not reach
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
      checkClaims();
      requeueOrphans();
      if (System.nanoTime() - lastReapNanos >= REAP_INTERVAL.toNanos()) {
        reapOrphanContainers();
      }
      if (settings.retention() != null
          && System.nanoTime() - lastPurgeNanos >= settings.purgeInterval().toNanos()) {
        purgeExpired();
      }
      Instant oldest = clock.instant().minus(settings.deadlines().queued());
      for (StoredRun queued : store.queuedBefore(oldest)) {
        ActiveRun reserved = reserve(queued.runId());
        if (reserved == null) {
          continue;
        }
        Optional<RunStore.Claim> claim =
            store.claimForCancel(queued.runId(), settings.nodeId(), clock.instant());
        if (claim.isEmpty()) {
          release(reserved);
          continue;
        }
        String message =
            "the run waited longer than its queue deadline of " + settings.deadlines().queued();
        LOG.warn("run {}: {}", queued.runId(), message);
        queue.forget(queued.runId(), labelsOf(queued));
        finishNow(reserved, claim.get(), FailureReason.of(FailureReason.Kind.TIMEOUT, message));
      }
      refreshCounts();
    } catch (RuntimeException e) {
      LOG.warn("watchdog round failed: {}", e.toString());
    }
  }

  /** Stops the executions here whose claim was taken over (or whose run ended elsewhere). */
  private void checkClaims() {
    List<RunStore.Claim> claims = new ArrayList<>();
    for (ActiveRun run : active.values()) {
      RunStore.Claim claim = run.claim;
      if (claim != null && !run.lost) {
        claims.add(claim);
      }
    }
    for (RunStore.Claim lost : store.lost(claims)) {
      ActiveRun run = active.get(lost.runId());
      if (run != null && lost.equals(run.claim) && !run.recorded) {
        run.lose(
            "node "
                + settings.nodeId()
                + " lost its claim on run "
                + lost.runId()
                + " (it was taken over, or it ended); this execution stops");
      }
    }
  }

  /**
   * Runs this node owns (RUNNING, its node id) but does not execute — their outcome could not be
   * recorded, or their queue entry was lost — are queued again, so that they are reclaimed and
   * resumed.
   */
  private void requeueOrphans() {
    Instant settled = clock.instant().minus(settings.watchdogInterval().multipliedBy(2));
    for (StoredRun run : store.running(settings.nodeId())) {
      if (!active.containsKey(run.runId())
          && run.startedAt() != null
          && run.startedAt().isBefore(settled)) {
        enqueue(run);
      }
    }
  }

  /**
   * Removes this node's containers whose run is neither executing here nor RUNNING on this node:
   * what an execution could not remove itself (the engine was away when its model ended).
   */
  private void reapOrphanContainers() {
    lastReapNanos = System.nanoTime();
    Set<String> live = new HashSet<>(active.keySet());
    store.running(settings.nodeId()).forEach(run -> live.add(run.runId()));
    live.addAll(active.keySet()); // a run that became active while the list was read
    try {
      List<String> reaped = recovery.reapOrphans(live);
      if (!reaped.isEmpty()) {
        LOG.info("removed {} orphan container(s) of this node: {}", reaped.size(), reaped);
      }
    } catch (RuntimeException e) {
      LOG.debug("cannot look for orphan containers: {}", e.getMessage());
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
    try {
      counts.set(Map.copyOf(store.countByState()));
      pendingCallbacks = outboxStore.pendingCount();
    } catch (DatabaseException e) {
      LOG.debug("cannot count runs: {}", e.getMessage());
    }
  }

  // --- helpers ---

  /** The stage a stored run had reached; a run that entered none is at the first. */
  static Stage stageOf(String wireName) {
    return wireName == null ? Stage.VALIDATE : Stage.fromWireName(wireName);
  }

  private static String stageName(ActiveRun run) {
    Stage stage = run.stage;
    return stage == null ? "(none yet)" : stage.wireName();
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
    return Hashing.hex(Hashing.sha256().digest(bytes));
  }

  private static ThreadFactory threads(String prefix, boolean daemon) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(daemon);
      return t;
    };
  }
}
