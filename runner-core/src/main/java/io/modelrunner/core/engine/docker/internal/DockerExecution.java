package io.modelrunner.core.engine.docker.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionOutcome.Kind;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.OutcomeFuture;
import io.modelrunner.core.internal.Throwables;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started container. A supervisor task waits for it to exit (or kills it at its deadline),
 * finishes its log, reads how it ended, removes it, and only then completes the outcome.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class DockerExecution implements ModelExecution {
  /** How long to wait for a killed container to stop, and for the log stream to drain. */
  static final Duration GRACE = Duration.ofSeconds(30);

  static final int SIGKILL_EXIT_CODE = 137;
  static final int SIGTERM_EXIT_CODE = 143;

  private static final Logger LOG = LoggerFactory.getLogger(DockerExecution.class);

  /** Why we killed the container, if we did. */
  private enum Stop {
    CANCELLED,
    TIMED_OUT
  }

  private final DockerClient client;
  private final String containerId;
  private final String model;
  private final ExecutionLimits limits;
  private final LogSink log;
  private final WaitCallback wait;
  private final Executor executor;
  private final long startNanos;
  private final AtomicReference<Stop> stop = new AtomicReference<>();
  private final OutcomeFuture outcome;

  DockerExecution(
      DockerClient client,
      String containerId,
      String model,
      ExecutionLimits limits,
      LogSink log,
      WaitCallback wait,
      Executor executor,
      long startNanos) {
    this.client = client;
    this.containerId = containerId;
    this.model = model;
    this.limits = limits;
    this.log = log;
    this.wait = wait;
    this.executor = executor;
    this.startNanos = startNanos;
    this.outcome = new OutcomeFuture("the supervisor of container " + containerId);
  }

  @Override
  public String id() {
    return containerId;
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
    if (outcome.isDone() || !stop.compareAndSet(null, Stop.CANCELLED)) {
      return;
    }
    LOG.info("Cancelling model {}: killing container {}", model, shortId());
    try {
      executor.execute(this::kill);
    } catch (RejectedExecutionException e) {
      kill(); // the engine is closing: kill from here
    }
  }

  /**
   * Makes a SIGKILL exit count as this execution's kill at its deadline: for a container that had
   * already exited, after running past its deadline, when a restarted runner found it (the previous
   * runner process killed it and stopped before recording why).
   */
  void presumeKilledAtDeadline() {
    stop.compareAndSet(null, Stop.TIMED_OUT);
  }

  /** The supervisor: runs on the engine's executor until the container is gone. */
  void supervise() {
    ExecutionOutcome result;
    boolean interrupted = false;
    try {
      result = superviseContainer();
    } catch (RuntimeException e) {
      result =
          outcome(
              Kind.PLATFORM_ERROR,
              null,
              "Docker engine failed while supervising container "
                  + shortId()
                  + ": "
                  + Throwables.rootMessage(e));
    } catch (InterruptedException e) {
      // The engine is closing. Clean up first: an interrupted thread cannot talk to the engine.
      interrupted = true;
      kill();
      result = outcome(Kind.PLATFORM_ERROR, null, "the runner was interrupted; container killed");
    } catch (Error e) {
      log.finish();
      remove();
      outcome.fail(e);
      throw e;
    } finally {
      log.finish();
    }
    remove();
    outcome.complete(result);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private ExecutionOutcome superviseContainer() throws InterruptedException {
    long deadlineNanos = startNanos + limits.deadline().toNanos();
    boolean exited = wait.awaitExit(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    if (!exited) {
      if (stop.compareAndSet(null, Stop.TIMED_OUT)) {
        LOG.info(
            "Model {} exceeded its deadline of {}: killing container {}",
            model,
            Durations.human(limits.deadline()),
            shortId());
      }
      kill();
      exited = wait.awaitExit(GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    if (!exited) {
      return outcome(
          Kind.PLATFORM_ERROR,
          null,
          elapsed,
          "container " + shortId() + " did not stop within " + Durations.human(GRACE) + " of kill");
    }
    if (!log.awaitCompletion(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
      LOG.warn("The log stream of container {} did not end; closing it", shortId());
    }
    closeQuietly(log);
    if (wait.statusCode() == null) {
      return outcome(
          Kind.PLATFORM_ERROR,
          null,
          elapsed,
          wait.failure() == null
              ? "container " + shortId() + " vanished before reporting an exit code"
              : "lost container "
                  + shortId()
                  + " while waiting for it: "
                  + Throwables.rootMessage(wait.failure()));
    }
    int exitCode = wait.statusCode();
    boolean oomKilled = false;
    try {
      InspectContainerResponse.ContainerState state =
          client.inspectContainerCmd(containerId).exec().getState();
      oomKilled = Boolean.TRUE.equals(state.getOOMKilled());
      if (state.getExitCodeLong() != null) {
        exitCode = state.getExitCodeLong().intValue();
      }
    } catch (NotFoundException e) {
      return outcome(
          Kind.PLATFORM_ERROR,
          exitCode,
          elapsed,
          "container " + shortId() + " vanished after exiting with code " + exitCode);
    }
    return classify(exitCode, oomKilled, elapsed);
  }

  private ExecutionOutcome classify(int exitCode, boolean oomKilled, Duration elapsed) {
    Stop why = stop.get();
    // A SIGKILL exit after we killed it: our kill. Any other exit: the model ended on its own
    // before the kill landed, and its own exit code counts.
    if (why != null && exitCode == SIGKILL_EXIT_CODE && !oomKilled) {
      return why == Stop.TIMED_OUT
          ? outcome(
              Kind.TIMED_OUT,
              null,
              elapsed,
              "exceeded its deadline of " + Durations.human(limits.deadline()) + "; killed")
          : outcome(
              Kind.CANCELLED,
              null,
              elapsed,
              "cancelled after " + Durations.human(elapsed) + "; container killed");
    }
    if (oomKilled) {
      return outcome(
          Kind.OUT_OF_MEMORY,
          exitCode,
          elapsed,
          "killed for exceeding its memory limit of "
              + mebibytes(limits.memoryBytes())
              + " (exit code "
              + exitCode
              + ")");
    }
    if (exitCode == 0) {
      return outcome(Kind.SUCCEEDED, 0, elapsed, "");
    }
    if (why == null && (exitCode == SIGKILL_EXIT_CODE || exitCode == SIGTERM_EXIT_CODE)) {
      Optional<String> outside = stoppedFromOutside(elapsed);
      if (outside.isPresent()) {
        return outcome(
            Kind.PLATFORM_ERROR,
            exitCode,
            elapsed,
            "the container was stopped from outside the runner ("
                + outside.get()
                + "; exit code "
                + exitCode
                + "): the Docker engine was stopped or restarted, or someone ran docker stop or"
                + " docker kill");
      }
    }
    return outcome(Kind.MODEL_ERROR, exitCode, elapsed, "exited with code " + exitCode);
  }

  /**
   * Why a container that the runner did not stop died by a signal, when Docker knows: the kill
   * events Docker recorded for it (Docker stops its containers with SIGTERM, then SIGKILL, when it
   * is stopped, and so does {@code docker stop}), or that the engine stopped answering just then.
   * Empty when Docker recorded no kill: the model's own process died by the signal.
   */
  private Optional<String> stoppedFromOutside(Duration elapsed) {
    long now = System.currentTimeMillis() / 1000;
    long since = now - elapsed.toSeconds() - 2;
    List<String> signals = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var events =
        client
            .eventsCmd()
            .withSince(Long.toString(since))
            .withUntil(Long.toString(now + 1))
            .withContainerFilter(containerId)
            .withEventFilter("kill")
            .exec(
                new com.github.dockerjava.api.async.ResultCallback.Adapter<
                    com.github.dockerjava.api.model.Event>() {
                  @Override
                  public void onNext(com.github.dockerjava.api.model.Event event) {
                    String signal =
                        event.getActor() == null || event.getActor().getAttributes() == null
                            ? null
                            : event.getActor().getAttributes().get("signal");
                    signals.add(signal == null ? "?" : signal);
                  }
                })) {
      if (!events.awaitCompletion(5, TimeUnit.SECONDS)) {
        return Optional.of("the Docker engine did not list its events");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of("the Docker engine stopped answering: " + Throwables.rootMessage(e));
    }
    return signals.isEmpty()
        ? Optional.empty()
        : Optional.of("Docker sent it signal " + String.join(", then ", signals));
  }

  private ExecutionOutcome outcome(Kind kind, Integer exitCode, String detail) {
    return outcome(kind, exitCode, Duration.ofNanos(System.nanoTime() - startNanos), detail);
  }

  private ExecutionOutcome outcome(Kind kind, Integer exitCode, Duration elapsed, String detail) {
    return new ExecutionOutcome(kind, exitCode, elapsed, detail, log.tail());
  }

  private void kill() {
    try {
      client.killContainerCmd(containerId).exec();
    } catch (NotFoundException | ConflictException e) {
      LOG.debug("Container {} was not running any more: {}", shortId(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("Cannot kill container {}: {}", shortId(), Throwables.rootMessage(e));
    }
  }

  private void remove() {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        return;
      } catch (NotFoundException e) {
        return;
      } catch (ConflictException e) {
        if (e.getMessage() != null && e.getMessage().contains("already in progress")) {
          return;
        }
        last = e;
      } catch (RuntimeException e) {
        last = e;
      }
      try {
        Thread.sleep(200L * attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    LOG.error(
        "Cannot remove container {} of model {}: {}; reap it with the runner's label",
        shortId(),
        model,
        last == null ? "interrupted" : Throwables.rootMessage(last));
  }

  private String shortId() {
    return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
  }

  private static String mebibytes(long bytes) {
    return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes + " bytes";
  }

  private static void closeQuietly(LogSink sink) {
    try {
      sink.close();
    } catch (IOException ignored) {
      // closing the stream only
    }
  }
}
