package io.modelrunner.core.engine.process;

import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionOutcome.Kind;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.OutcomeFuture;
import io.modelrunner.core.internal.LogTail;
import io.modelrunner.core.logging.LogContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A model running as a local process. A watcher thread waits for the model to exit, for its
 * deadline or for a stop (cancel, or the engine closing); on a deadline or a stop it terminates the
 * model's whole process group (SIGTERM, then SIGKILL after the kill grace), and after any exit it
 * SIGKILLs what is left of the group (children that outlive the model and hold its output open).
 * The outcome is set once none of the group's processes runs.
 */
final class ProcessExecution implements ModelExecution {
  private static final Duration PUMP_GRACE = Duration.ofSeconds(5);

  /** Why the execution was stopped before it ended on its own. */
  private enum Stop {
    CANCELLED,
    SHUTDOWN
  }

  private final Process process;
  private final ProcessGroup group;
  private final Path log;
  private final Duration deadline;
  private final Duration killGrace;
  private final Consumer<ProcessExecution> onEnd;
  private final long startNanos = System.nanoTime();
  private final OutcomeFuture outcome = new OutcomeFuture("the process watcher");
  private final CompletableFuture<Stop> stop = new CompletableFuture<>();
  private final Thread pumpThread;
  private final Thread watcher;

  /**
   * @param onEnd told once the outcome is set and the group is gone (the engine forgets the
   *     execution)
   */
  ProcessExecution(
      Process process,
      ProcessGroup group,
      Path log,
      long logCapBytes,
      Duration deadline,
      Duration killGrace,
      Consumer<ProcessExecution> onEnd) {
    this.process = process;
    this.group = group;
    this.log = log;
    this.deadline = deadline;
    this.killGrace = killGrace;
    this.onEnd = onEnd;
    LogPump pump = new LogPump(process.getInputStream(), log, logCapBytes);
    this.pumpThread = new Thread(LogContext.carried(pump), "model-log-" + process.pid());
    pumpThread.setDaemon(true);
    pumpThread.start();
    this.watcher = new Thread(LogContext.carried(this::watch), "model-watch-" + process.pid());
    watcher.setDaemon(true);
  }

  /** Starts the watcher; separate from the constructor so that the engine registers it first. */
  ProcessExecution startWatching() {
    watcher.start();
    return this;
  }

  @Override
  public String id() {
    return Long.toString(process.pid());
  }

  @Override
  public ExecutionOutcome await() throws InterruptedException {
    return outcome.await();
  }

  @Override
  public Optional<ExecutionOutcome> await(Duration timeout) throws InterruptedException {
    return outcome.await(timeout);
  }

  /** Asks the watcher to terminate the group; returns at once. */
  @Override
  public void cancel() {
    stop.complete(Stop.CANCELLED);
  }

  /**
   * Asks the watcher to terminate the group because the runner shuts down (the outcome becomes a
   * platform error unless it was set); returns at once.
   */
  void requestShutdown() {
    stop.complete(Stop.SHUTDOWN);
  }

  private void watch() {
    try {
      boolean timedOut = false;
      try {
        CompletableFuture.anyOf(process.onExit(), stop)
            .get(deadline.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        timedOut = !stop.isDone();
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
      if (process.isAlive() || stop.isDone()) {
        // the deadline or a stop: the model gets SIGTERM and the kill grace to exit
        group.terminate(killGrace);
      }
      process.waitFor();
      // children that outlive the model (and hold its output open) are killed too
      group.kill();
      pumpThread.join(PUMP_GRACE.toMillis());
      finish(outcomeOf(timedOut));
    } catch (InterruptedException e) {
      group.kill();
      finish(
          new ExecutionOutcome(
              Kind.PLATFORM_ERROR, null, elapsed(), "the runner was interrupted", tail()));
    } catch (RuntimeException e) {
      group.kill();
      finish(
          new ExecutionOutcome(
              Kind.PLATFORM_ERROR, null, elapsed(), "process watcher failed: " + e, tail()));
    } catch (Error e) {
      group.kill();
      onEnd.accept(this);
      outcome.fail(e);
      throw e;
    }
  }

  /** Lets the engine forget the execution (and its record), then sets the outcome. */
  private void finish(ExecutionOutcome result) {
    try {
      onEnd.accept(this);
    } finally {
      outcome.complete(result);
    }
  }

  private ExecutionOutcome outcomeOf(boolean timedOut) {
    if (timedOut) {
      return new ExecutionOutcome(
          Kind.TIMED_OUT,
          null,
          elapsed(),
          "exceeded its deadline of " + pretty(deadline) + " and was killed",
          tail());
    }
    Stop stopped = stop.getNow(null);
    if (stopped == Stop.SHUTDOWN) {
      return new ExecutionOutcome(
          Kind.PLATFORM_ERROR,
          null,
          elapsed(),
          "the runner shut down while the model ran and killed it",
          tail());
    }
    if (stopped == Stop.CANCELLED) {
      return new ExecutionOutcome(Kind.CANCELLED, null, elapsed(), "cancelled and killed", tail());
    }
    int exit = process.exitValue();
    if (exit == 0) {
      return new ExecutionOutcome(Kind.SUCCEEDED, 0, elapsed(), "", List.of());
    }
    return new ExecutionOutcome(
        Kind.MODEL_ERROR, exit, elapsed(), "the model exited with code " + exit, tail());
  }

  private List<String> tail() {
    return LogTail.read(log, LogTail.DEFAULT_LINES);
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static String pretty(Duration d) {
    return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }
}
