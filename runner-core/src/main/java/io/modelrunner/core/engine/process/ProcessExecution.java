package io.modelrunner.core.engine.process;

import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionOutcome.Kind;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.OutcomeFuture;
import io.modelrunner.core.internal.LogTail;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A model running as a local process; a watcher thread enforces the deadline. */
final class ProcessExecution implements ModelExecution {
  private static final Duration PUMP_GRACE = Duration.ofSeconds(5);

  private final Process process;
  private final Path log;
  private final Duration deadline;
  private final long startNanos = System.nanoTime();
  private final OutcomeFuture outcome = new OutcomeFuture("the process watcher");
  private volatile boolean cancelled;
  private final Thread pumpThread;

  ProcessExecution(Process process, Path log, long logCapBytes, Duration deadline) {
    this.process = process;
    this.log = log;
    this.deadline = deadline;
    CappedLogPump pump = new CappedLogPump(process.getInputStream(), log, logCapBytes);
    this.pumpThread = new Thread(pump, "model-log-" + process.pid());
    pumpThread.setDaemon(true);
    pumpThread.start();
    Thread watcher = new Thread(this::watch, "model-watch-" + process.pid());
    watcher.setDaemon(true);
    watcher.start();
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

  @Override
  public void cancel() {
    if (outcome.isDone()) {
      return;
    }
    cancelled = true;
    killTree();
  }

  private void watch() {
    boolean timedOut = false;
    try {
      boolean exited = process.waitFor(deadline.toNanos(), TimeUnit.NANOSECONDS);
      if (!exited) {
        timedOut = !cancelled;
        killTree();
        process.waitFor();
      }
      // children that outlive the model (and hold its output open) are killed too
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      pumpThread.join(PUMP_GRACE.toMillis());
      outcome.complete(outcomeOf(timedOut));
    } catch (InterruptedException e) {
      killTree();
      outcome.complete(
          new ExecutionOutcome(
              Kind.PLATFORM_ERROR, null, elapsed(), "the runner was interrupted", tail()));
    } catch (RuntimeException e) {
      killTree();
      outcome.complete(
          new ExecutionOutcome(
              Kind.PLATFORM_ERROR, null, elapsed(), "process watcher failed: " + e, tail()));
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
    if (cancelled) {
      return new ExecutionOutcome(Kind.CANCELLED, null, elapsed(), "cancelled and killed", tail());
    }
    int exit = process.exitValue();
    if (exit == 0) {
      return new ExecutionOutcome(Kind.SUCCEEDED, 0, elapsed(), "", List.of());
    }
    return new ExecutionOutcome(
        Kind.MODEL_ERROR, exit, elapsed(), "the model exited with code " + exit, tail());
  }

  private void killTree() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
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
