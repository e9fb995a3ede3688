package io.modelrunner.app.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.adapter.client.AdapterClient;
import io.modelrunner.adapter.client.AdapterClientException;
import io.modelrunner.api.adapter.ModelRunInfo;
import io.modelrunner.api.adapter.ModelRunState;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionOutcome.Kind;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.OutcomeFuture;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.logging.LogContext;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model run on an adapter, driven on its own thread from its current state (as created, or as
 * found when reattached) to its removal. A cancel or the deadline interrupts that thread wherever
 * it waits (a poll, an HTTP call), which then removes the adapter's run at once; the outcome is
 * known only after the remove was sent.
 */
final class AdapterExecution implements ModelExecution {
  private static final Logger LOG = LoggerFactory.getLogger(AdapterExecution.class);

  private final AdapterClient client;
  private final String adapterUri;
  private final String modelRunId;
  private final ModelRunInfo requested;
  private final JsonNode configuration;
  private final Workspace workspace;
  private final Duration deadline;
  private final AdapterClient.Options options;
  private final ObjectMapper mapper;
  private final ExecutionLog log;
  private final Consumer<AdapterExecution> onDone;
  private final long startNanos;
  private final OutcomeFuture outcome = new OutcomeFuture("the adapter execution");
  private final Object lock = new Object();
  private final Thread thread;
  private ScheduledFuture<?> deadlineTimer;
  // guarded by lock
  private Kind stopKind;
  private boolean finishing;

  AdapterExecution(
      AdapterClient client,
      String adapterUri,
      ModelRunInfo requested,
      JsonNode configuration,
      Workspace workspace,
      Duration deadline,
      Duration elapsed,
      AdapterClient.Options options,
      ObjectMapper mapper,
      ExecutionLog log,
      Consumer<AdapterExecution> onDone) {
    this.startNanos = System.nanoTime() - elapsed.toNanos();
    this.client = client;
    this.adapterUri = adapterUri;
    this.requested = requested;
    this.modelRunId = Objects.requireNonNull(requested.modelRunId(), "model_run_id");
    this.configuration = configuration;
    this.workspace = workspace;
    this.deadline = deadline;
    this.options = options;
    this.mapper = mapper;
    this.log = log;
    this.onDone = onDone;
    this.thread = new Thread(LogContext.carried(this::drive), "adapter-run-" + modelRunId);
    thread.setDaemon(true);
  }

  /** An execution that ended before it began: the adapter refused or could not create the run. */
  static ModelExecution failed(String adapterUri, AdapterClientException e, ExecutionLog log) {
    ExecutionOutcome outcome =
        new ExecutionOutcome(
            isModelsFault(e) ? Kind.MODEL_ERROR : Kind.PLATFORM_ERROR,
            null,
            Duration.ZERO,
            detailOf(e),
            log.tail());
    log.close();
    String id = adapterUri + "#" + (e.modelRunId() == null ? "" : e.modelRunId());
    return new ModelExecution() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public ExecutionOutcome await() {
        return outcome;
      }

      @Override
      public Optional<ExecutionOutcome> await(Duration timeout) {
        return Optional.of(outcome);
      }

      @Override
      public void cancel() {}
    };
  }

  /**
   * Whether a failed call is the model's (or its adapter's) refusal rather than the platform's: the
   * run ended in ERROR, or a call was refused with a 4xx (e.g. a configuration the adapter's own
   * schema refuses with 400 or 422). A 404 (the adapter forgot the run, e.g. it restarted), an
   * endpoint the adapter does not serve, a 5xx, and an unreachable adapter or one answering
   * something else than adapter JSON are the platform's.
   */
  static boolean isModelsFault(AdapterClientException e) {
    if (e instanceof AdapterClientException.RunFailed) {
      return true;
    }
    if (e instanceof AdapterClientException.Refused refused) {
      return refused.httpStatus() != 404 && refused.httpStatus() < 500;
    }
    return false;
  }

  private static String detailOf(AdapterClientException e) {
    if (e instanceof AdapterClientException.RunFailed failed) {
      return failed.reason() == null
          ? "the adapter reported ERROR without a reason"
          : failed.reason();
    }
    return e.getMessage();
  }

  void start(ScheduledExecutorService timers) {
    try {
      long left = Math.max(0, startNanos + deadline.toNanos() - System.nanoTime());
      deadlineTimer = timers.schedule(() -> stop(Kind.TIMED_OUT), left, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // the engine is closing: the polling loop still checks the deadline
    }
    thread.start();
  }

  @Override
  public String id() {
    return adapterUri + "#" + modelRunId;
  }

  @Override
  public ExecutionOutcome await() throws InterruptedException {
    return outcome.await();
  }

  @Override
  public Optional<ExecutionOutcome> await(Duration timeout) throws InterruptedException {
    return outcome.await(timeout);
  }

  /** Stops polling and removes the adapter's run at once; CANCELLED unless it had already ended. */
  @Override
  public void cancel() {
    stop(Kind.CANCELLED);
  }

  private void stop(Kind kind) {
    synchronized (lock) {
      if (finishing || stopKind != null) {
        return;
      }
      stopKind = kind;
      thread.interrupt();
    }
  }

  private void drive() {
    ExecutionOutcome result = null;
    boolean ended = false; // the lifecycle came to its own end (not cut short by a stop)
    try {
      result = lifecycle();
      ended = true;
    } catch (InterruptedException e) {
      // stopped: cancel or deadline (or the runner shutting down)
    } catch (AdapterClientException e) {
      log.line("failed: " + e.getMessage());
      result = outcome(isModelsFault(e) ? Kind.MODEL_ERROR : Kind.PLATFORM_ERROR, detailOf(e));
    } catch (IOException e) {
      log.line("cannot write the result: " + e);
      result = outcome(Kind.PLATFORM_ERROR, "cannot write output/data.json: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("adapter run {} failed unexpectedly", id(), e);
      log.line("failed unexpectedly: " + e);
      result = outcome(Kind.PLATFORM_ERROR, "the adapter run failed unexpectedly: " + e);
    }
    Kind stopped;
    synchronized (lock) {
      finishing = true;
      stopped = stopKind;
    }
    Thread.interrupted(); // a stop that came after the model ended: nothing left to interrupt
    if (deadlineTimer != null) {
      deadlineTimer.cancel(false);
    }
    String removal = remove();
    if (stopped != null && !ended) {
      String what =
          stopped == Kind.TIMED_OUT ? "exceeded its deadline of " + pretty(deadline) : "cancelled";
      log.line(what + "; " + removal);
      result = outcome(stopped, what + "; " + removal);
    } else if (result == null) {
      result = outcome(Kind.PLATFORM_ERROR, "the runner was interrupted; " + removal);
    }
    log.line(
        "outcome " + result.kind() + (result.detail().isEmpty() ? "" : ": " + result.detail()));
    ExecutionOutcome done =
        new ExecutionOutcome(
            result.kind(),
            null,
            elapsed(),
            result.detail(),
            result.succeeded() ? List.of() : log.tail());
    log.close();
    try {
      onDone.accept(this);
    } finally {
      outcome.complete(done);
    }
  }

  /**
   * The lifecycle from the run's current state (as created, or as found when reattached) to the
   * written result. Until the run is started: PENDING waits (polling status), ACCEPTED is
   * initialized, READY is run. Then {@code /status} is polled, at least once, until SUCCEEDED (or
   * READY) or ERROR — some adapters finish a run inside their status handler, and their {@code
   * /results} answers RUNNING until then (MultiModelling/Adapter-ETM-KPIs, model/model.py) — or,
   * when the adapter serves no {@code /status}, {@code /results} is polled instead. {@code
   * /results} gives the result: READY or SUCCEEDED with a result.
   */
  private ExecutionOutcome lifecycle()
      throws AdapterClientException, InterruptedException, IOException {
    long end = startNanos + deadline.toNanos();
    ModelRunInfo info = requested;
    Duration delay = options.firstPoll();
    boolean initialized = false;
    boolean started = false;
    while (!started) {
      switch (info.state()) {
        case PENDING -> {
          delay = pause(delay, end);
          info = changed(info, client.status(modelRunId), "status");
        }
        case ACCEPTED -> {
          if (initialized) {
            return unexpected(info, "initialize");
          }
          initialized = true;
          info = client.initialize(modelRunId, configuration);
          log.line("initialize -> " + describe(info));
        }
        case READY -> {
          info = client.run(modelRunId);
          log.line("run -> " + describe(info));
          if (!isStarted(info.state()) && info.state() != ModelRunState.ERROR) {
            return unexpected(info, "run");
          }
          started = true;
        }
        case QUEUED, RUNNING, SUCCEEDED -> started = true; // reattached to a started run
        case ERROR -> {
          return modelError(info);
        }
        default -> {
          return outcome(
              Kind.PLATFORM_ERROR,
              "the adapter reports model run " + modelRunId + " as " + info.state());
        }
      }
      if (info.state() == ModelRunState.ERROR) {
        return modelError(info);
      }
    }

    boolean statusServed = true;
    boolean polled = false;
    delay = options.firstPoll();
    while (statusServed && !(polled && info.state().endsAStartedRun())) {
      delay = pause(delay, end);
      try {
        info = changed(info, client.status(modelRunId), "status");
        polled = true;
      } catch (AdapterClientException.NotServed e) {
        statusServed = false;
        log.line("status is not served (HTTP " + e.httpStatus() + "); polling results instead");
      }
      if (info.state() == ModelRunState.ERROR) {
        return modelError(info);
      }
      if (!isStarted(info.state()) && info.state() != ModelRunState.READY) {
        return unexpected(info, "run");
      }
    }

    ModelRunInfo results = client.results(modelRunId);
    log.line("results -> " + results.state());
    delay = options.firstPoll();
    while (results.state() == ModelRunState.QUEUED || results.state() == ModelRunState.RUNNING) {
      delay = pause(delay, end);
      if (statusServed) {
        info = changed(info, client.status(modelRunId), "status");
        if (info.state() == ModelRunState.ERROR) {
          return modelError(info);
        }
      }
      results = changed(results, client.results(modelRunId), "results");
    }
    if (results.state() == ModelRunState.ERROR) {
      return modelError(results);
    }
    if (results.state() != ModelRunState.READY && results.state() != ModelRunState.SUCCEEDED) {
      return outcome(
          Kind.PLATFORM_ERROR,
          "the adapter's results answered state " + results.state() + " after the run ended");
    }
    if (results.result() == null) {
      return outcome(Kind.MODEL_ERROR, "the adapter's run succeeded but gave no result");
    }
    long bytes = writeResult(results.result());
    log.line("result written to output/data.json (" + bytes + " bytes)");
    return outcome(Kind.SUCCEEDED, "");
  }

  /** Whether {@code state} is one a run is in once it was started: QUEUED, RUNNING, SUCCEEDED. */
  private static boolean isStarted(ModelRunState state) {
    return state == ModelRunState.QUEUED
        || state == ModelRunState.RUNNING
        || state == ModelRunState.SUCCEEDED;
  }

  private ExecutionOutcome unexpected(ModelRunInfo info, String call) {
    return outcome(
        Kind.PLATFORM_ERROR,
        "the adapter answered "
            + info.state()
            + " after "
            + call
            + " of model run "
            + modelRunId
            + ", which the lifecycle does not allow");
  }

  private long writeResult(JsonNode result) throws IOException {
    Files.createDirectories(workspace.output());
    Path data = workspace.output().resolve("data.json");
    byte[] bytes = mapper.writeValueAsBytes(result);
    // a plain stream: an interrupt does not close it half-way
    try (OutputStream out = new FileOutputStream(data.toFile())) {
      out.write(bytes);
    }
    return bytes.length;
  }

  /** Logs a change of state (or of reported progress) and returns {@code next}. */
  private ModelRunInfo changed(ModelRunInfo previous, ModelRunInfo next, String call) {
    if (next.state() != previous.state() || !Objects.equals(progress(next), progress(previous))) {
      log.line(call + " -> " + describe(next));
    }
    return next;
  }

  private ExecutionOutcome modelError(ModelRunInfo info) {
    String reason =
        info.reason() == null || info.reason().isBlank()
            ? "the adapter reported ERROR without a reason"
            : info.reason();
    return outcome(Kind.MODEL_ERROR, reason);
  }

  /** Sleeps {@code delay} (not past the deadline) and returns the next, doubled, delay. */
  private Duration pause(Duration delay, long end) throws InterruptedException {
    long left = end - System.nanoTime();
    if (left <= 0) {
      stop(Kind.TIMED_OUT);
      throw new InterruptedException("deadline");
    }
    TimeUnit.NANOSECONDS.sleep(Math.min(delay.toNanos(), left));
    Duration next = delay.multipliedBy(2);
    return next.compareTo(options.maxPoll()) > 0 ? options.maxPoll() : next;
  }

  /** Removes the adapter's run; says how that went, for the log and the outcome. */
  private String remove() {
    try {
      ModelRunInfo removed = client.remove(modelRunId);
      log.line("remove -> " + removed.state());
      return "the adapter's model run " + modelRunId + " was removed";
    } catch (AdapterClientException e) {
      log.line("remove failed: " + e.getMessage());
      LOG.warn("could not remove adapter run {}: {}", id(), e.getMessage());
      return "removing the adapter's model run " + modelRunId + " failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.line("remove interrupted");
      return "removing the adapter's model run " + modelRunId + " was interrupted";
    }
  }

  private ExecutionOutcome outcome(Kind kind, String detail) {
    return new ExecutionOutcome(kind, null, elapsed(), detail, List.of());
  }

  private static String describe(ModelRunInfo info) {
    StringBuilder s = new StringBuilder(info.state().name());
    String progress = progress(info);
    if (progress != null) {
      s.append(" (progress: ").append(progress).append(')');
    }
    if (info.reason() != null) {
      s.append(": ").append(info.reason());
    }
    return s.toString();
  }

  private static String progress(ModelRunInfo info) {
    if (info.state() != ModelRunState.RUNNING || info.result() == null) {
      return null;
    }
    JsonNode progress = info.result().get("progress");
    return progress == null || progress.isNull() ? null : progress.asText();
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static String pretty(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
