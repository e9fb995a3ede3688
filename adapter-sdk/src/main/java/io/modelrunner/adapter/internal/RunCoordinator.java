package io.modelrunner.adapter.internal;

import static io.modelrunner.api.adapter.ModelRunState.ACCEPTED;
import static io.modelrunner.api.adapter.ModelRunState.ERROR;
import static io.modelrunner.api.adapter.ModelRunState.PENDING;
import static io.modelrunner.api.adapter.ModelRunState.QUEUED;
import static io.modelrunner.api.adapter.ModelRunState.READY;
import static io.modelrunner.api.adapter.ModelRunState.RUNNING;
import static io.modelrunner.api.adapter.ModelRunState.SUCCEEDED;
import static io.modelrunner.api.adapter.ModelRunState.UNKNOWN;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.adapter.ConfigurationRefusedException;
import io.modelrunner.adapter.ModelAdapter;
import io.modelrunner.api.adapter.ModelRunInfo;
import io.modelrunner.api.adapter.ModelRunState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every tracked run: admission (capacity, PENDING), execution slots (QUEUED), the author's
 * hooks, removal and TTL eviction. Every decision about states is taken under one lock; the
 * author's code always runs outside it.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class RunCoordinator<C> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunCoordinator.class);
  private static final Set<ModelRunState> ADMITTED = EnumSet.of(ACCEPTED, READY, QUEUED, RUNNING);
  private static final int TOMBSTONES = 10_000;

  /** The limits and policies of a coordinator. */
  public record Settings(
      int workers,
      int capacity,
      int maxRuns,
      Duration runTtl,
      ModelRunState resultsState,
      Duration removeGrace,
      Path workRoot) {}

  private final ModelAdapter<C> adapter;
  private final ConfigDecoder<C> decoder;
  private final ObjectMapper mapper;
  private final Settings settings;
  private final RunStateMachine.Listener listener;
  private final LongSupplier nanoClock;
  private final ExecutorService executor;

  private final Object lock = new Object();
  private final Map<String, ModelRun<C>> runs = new HashMap<>();
  private final ArrayDeque<ModelRun<C>> pending = new ArrayDeque<>();
  private final ArrayDeque<ModelRun<C>> queued = new ArrayDeque<>();
  private final Map<String, Boolean> removed =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > TOMBSTONES;
        }
      };
  private int admitted;
  private int busyWorkers;

  public RunCoordinator(
      ModelAdapter<C> adapter,
      ConfigDecoder<C> decoder,
      ObjectMapper mapper,
      Settings settings,
      RunStateMachine.Listener listener,
      LongSupplier nanoClock) {
    this.adapter = Objects.requireNonNull(adapter, "adapter");
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.executor = Executors.newFixedThreadPool(settings.workers(), threadFactory());
  }

  /** {@code GET /request}. */
  public Outcome request() {
    String id = UUID.randomUUID().toString();
    synchronized (lock) {
      if (runs.size() >= settings.maxRuns()) {
        return Outcome.error(
            503,
            null,
            "too many tracked runs ("
                + settings.maxRuns()
                + "); remove finished runs with /remove/{id} or retry later");
      }
    }
    try {
      adapter.onRequest(id);
    } catch (Exception e) {
      LOG.warn("request refused by onRequest: {}", messageOf(e));
      LOG.debug("onRequest refused a run", e);
      return Outcome.error(503, null, "the adapter refused the request: " + messageOf(e));
    }
    synchronized (lock) {
      ModelRun<C> run = new ModelRun<>(id, listener, nanoClock.getAsLong());
      runs.put(id, run);
      if (admitted < settings.capacity()) {
        move(run, ACCEPTED);
      } else {
        move(run, PENDING);
        pending.addLast(run);
      }
      return Outcome.ok(id, run.machine.state());
    }
  }

  /** {@code POST /initialize/{id}} with the raw body. */
  public Outcome initialize(String id, byte[] body) {
    ModelRun<C> run;
    synchronized (lock) {
      run = touch(id);
      if (run == null) {
        return unknownOrRemoved(id);
      }
      ModelRunState state = run.machine.state();
      if (state != ACCEPTED) {
        return conflict(id, "initialize", state, "ACCEPTED");
      }
      if (run.initializing) {
        return Outcome.error(409, id, "initialize is already in progress for this run");
      }
      run.initializing = true;
    }
    C config;
    try {
      config = decoder.decode(body);
    } catch (ConfigDecoder.InvalidConfigException e) {
      synchronized (lock) {
        run.initializing = false;
      }
      LOG.info(
          "model run {}: configuration refused (HTTP {}): {}", id, e.httpStatus(), e.getMessage());
      // The reason names each offending field by its JSON pointer; the body keeps the adapter
      // answer's shape, which strict clients read.
      return Outcome.error(
          e.httpStatus(), id, e.getMessage() + " (the run stays ACCEPTED: fix the body and retry)");
    } catch (RuntimeException e) {
      synchronized (lock) {
        run.initializing = false;
      }
      LOG.info("model run {}: configuration refused (HTTP 400): {}", id, e.getMessage());
      return Outcome.error(
          400, id, e.getMessage() + " (the run stays ACCEPTED: fix the body and retry)");
    }
    String failure = null;
    try {
      adapter.initialize(config);
    } catch (Exception | LinkageError e) {
      // one line: a refused configuration is the caller's mistake; the trace only when debugging
      LOG.warn("model run {}: configuration refused: {}", id, messageOf(e));
      if (!(e instanceof ConfigurationRefusedException)) {
        LOG.debug("model run {}: initialize threw", id, e);
      }
      failure = messageOf(e);
    }
    synchronized (lock) {
      run.initializing = false;
      if (runs.get(id) != run) {
        return unknownOrRemoved(id);
      }
      if (failure != null) {
        run.reason = "initialize failed: " + failure;
        move(run, ERROR);
        return Outcome.ok(ModelRunInfo.error(id, run.reason));
      }
      run.config = config;
      move(run, READY);
      return Outcome.ok(id, READY);
    }
  }

  /** {@code GET /run/{id}}. */
  public Outcome run(String id) {
    synchronized (lock) {
      ModelRun<C> run = touch(id);
      if (run == null) {
        return unknownOrRemoved(id);
      }
      ModelRunState state = run.machine.state();
      if (state != READY) {
        return conflict(id, "run", state, "READY");
      }
      if (busyWorkers < settings.workers()) {
        move(run, RUNNING);
        submit(run);
      } else {
        move(run, QUEUED);
        queued.addLast(run);
      }
      return Outcome.ok(id, run.machine.state());
    }
  }

  /** {@code GET /status/{id}}: cheap, never blocks on the model. */
  public Outcome status(String id) {
    synchronized (lock) {
      ModelRun<C> run = touch(id);
      if (run == null) {
        return unknownOrRemoved(id);
      }
      ModelRunState state = run.machine.state();
      JsonNode progress =
          state == RUNNING && run.progress != null
              ? mapper.createObjectNode().put("progress", run.progress)
              : null;
      return Outcome.ok(new ModelRunInfo(id, state, state == ERROR ? run.reason : null, progress));
    }
  }

  /** {@code GET /results/{id}}: advances on its own while the model runs. */
  public Outcome results(String id) {
    synchronized (lock) {
      ModelRun<C> run = touch(id);
      if (run == null) {
        return unknownOrRemoved(id);
      }
      ModelRunState state = run.machine.state();
      return switch (state) {
        case SUCCEEDED ->
            Outcome.ok(new ModelRunInfo(id, settings.resultsState(), null, run.result));
        case ERROR -> Outcome.ok(ModelRunInfo.error(id, run.reason));
        case RUNNING, QUEUED -> Outcome.ok(id, state);
        default -> conflict(id, "results", state, "QUEUED, RUNNING, SUCCEEDED or ERROR");
      };
    }
  }

  /** {@code GET /remove/{id}}: cancels, cleans up, forgets. Idempotent. */
  public Outcome remove(String id) {
    ModelRun<C> run;
    synchronized (lock) {
      run = runs.get(id);
      if (run == null) {
        return removed.containsKey(id) ? Outcome.ok(id, UNKNOWN) : Outcome.unknown(id);
      }
      forget(run);
    }
    awaitAndCleanUp(run);
    return Outcome.ok(id, UNKNOWN);
  }

  /** Evicts every run nobody called about for longer than the TTL; returns how many. */
  public int evictExpired() {
    long now = nanoClock.getAsLong();
    long ttl = settings.runTtl().toNanos();
    List<ModelRun<C>> expired = new ArrayList<>();
    synchronized (lock) {
      for (ModelRun<C> run : List.copyOf(runs.values())) {
        if (now - run.lastAccessNanos > ttl) {
          forget(run);
          expired.add(run);
        }
      }
    }
    for (ModelRun<C> run : expired) {
      LOG.info("evicted model run {} (no call within the TTL {})", run.id, settings.runTtl());
      awaitAndCleanUp(run);
    }
    return expired.size();
  }

  /** How many execution slots are taken. */
  public int busyWorkers() {
    synchronized (lock) {
      return busyWorkers;
    }
  }

  public int workers() {
    return settings.workers();
  }

  /** How many runs are tracked. */
  public int trackedRuns() {
    synchronized (lock) {
      return runs.size();
    }
  }

  /** The current state of a run, UNKNOWN when not tracked (for tests and metrics). */
  public ModelRunState stateOf(String id) {
    synchronized (lock) {
      ModelRun<C> run = runs.get(id);
      return run == null ? UNKNOWN : run.machine.state();
    }
  }

  @Override
  public void close() {
    List<ModelRun<C>> all;
    synchronized (lock) {
      all = List.copyOf(runs.values());
    }
    all.forEach(r -> remove(r.id));
    executor.shutdownNow();
  }

  // ---- internals; every method below that touches shared state runs under the lock ----

  private ModelRun<C> touch(String id) {
    ModelRun<C> run = runs.get(id);
    if (run != null) {
      run.lastAccessNanos = nanoClock.getAsLong();
    }
    return run;
  }

  private Outcome unknownOrRemoved(String id) {
    return Outcome.unknown(id);
  }

  private static Outcome conflict(
      String id, String call, ModelRunState state, String allowedStates) {
    return Outcome.error(
        409,
        id,
        call + " is not allowed while the run is " + state + " (allowed in " + allowedStates + ")");
  }

  /** Transitions and keeps the admission count and the PENDING promotion in step. */
  private void move(ModelRun<C> run, ModelRunState to) {
    ModelRunState from = run.machine.state();
    run.machine.transitionTo(to);
    admitted += (ADMITTED.contains(to) ? 1 : 0) - (ADMITTED.contains(from) ? 1 : 0);
    if (from == PENDING) {
      pending.remove(run);
    }
    if (from == QUEUED) {
      queued.remove(run);
    }
    while (admitted < settings.capacity() && !pending.isEmpty()) {
      move(pending.peekFirst(), ACCEPTED);
    }
  }

  private void forget(ModelRun<C> run) {
    runs.remove(run.id);
    removed.put(run.id, Boolean.TRUE);
    run.cancelled = true;
    move(run, UNKNOWN);
    if (run.worker != null) {
      run.worker.interrupt();
    }
    if (!run.submitted) {
      run.finished.countDown();
    }
  }

  private void submit(ModelRun<C> run) {
    busyWorkers++;
    run.submitted = true;
    executor.execute(() -> execute(run));
  }

  private void execute(ModelRun<C> run) {
    synchronized (lock) {
      if (run.cancelled) {
        finish(run);
        return;
      }
      run.worker = Thread.currentThread();
    }
    Object result = null;
    Throwable failure = null;
    try {
      run.workDir = WorkDirs.create(settings.workRoot(), run.id);
      result = adapter.run(run);
    } catch (Throwable t) {
      failure = t;
    }
    JsonNode node = null;
    if (failure == null) {
      try {
        node = mapper.valueToTree(result);
      } catch (IllegalArgumentException e) {
        failure = new IllegalStateException("the model's result cannot be written as JSON", e);
      }
    }
    synchronized (lock) {
      run.worker = null;
      if (!run.cancelled && run.machine.state() == RUNNING) {
        if (failure == null) {
          run.result = node;
          move(run, SUCCEEDED);
        } else {
          LOG.warn("model run " + run.id + " failed", failure);
          run.reason = messageOf(failure);
          move(run, ERROR);
        }
      }
      finish(run);
    }
    Thread.interrupted(); // a late remove must not leak its interrupt into the next run
  }

  private void finish(ModelRun<C> run) {
    busyWorkers--;
    run.finished.countDown();
    while (busyWorkers < settings.workers() && !queued.isEmpty()) {
      ModelRun<C> next = queued.peekFirst();
      move(next, RUNNING);
      submit(next);
    }
  }

  private void awaitAndCleanUp(ModelRun<C> run) {
    try {
      if (!run.finished.await(settings.removeGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("model run " + run.id + " did not stop within " + settings.removeGrace());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      adapter.onRemove(run.id);
    } catch (Exception e) {
      LOG.warn("onRemove failed for run " + run.id, e);
    }
    Path workDir = run.workDir;
    if (workDir != null) {
      try {
        WorkDirs.delete(workDir);
      } catch (IOException e) {
        LOG.warn("could not delete the work directory of run " + run.id + ": " + e);
      }
    }
  }

  static String messageOf(Throwable t) {
    String m = t.getMessage();
    if (t instanceof InterruptedException) {
      return "interrupted";
    }
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }

  private static ThreadFactory threadFactory() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "model-run-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
