package io.modelrunner.engine.slurm.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionOutcome.Kind;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.OutcomeFuture;
import io.modelrunner.engine.slurm.SlurmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One submitted job. Its supervisor polls the job's state (often at first, then every poll
 * interval), copies its output into {@code container.log}, cancels it at the model's deadline
 * (counted from when Slurm started it, not from the submission: time in the queue is not the
 * model's) or when the run is cancelled — at once, not at the next poll — and completes the outcome
 * once Slurm reports the job ended. A job Slurm no longer knows is a platform error: its outcome is
 * unknown, never a success.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class SlurmExecution implements ModelExecution {
  private static final Logger LOG = LoggerFactory.getLogger(SlurmExecution.class);

  /** Polls this often for the first seconds of a job, and after a cancel. */
  private static final Duration FAST_POLL = Duration.ofMillis(100);

  private static final Duration FAST_PHASE = Duration.ofSeconds(3);

  /** How long a job may take to end after it was cancelled before the cancel is sent again. */
  private static final Duration RECANCEL_AFTER = Duration.ofSeconds(10);

  /** How long a job may take to end after its first cancel before the runner gives up on it. */
  private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(90);

  /** How long slurmrestd may fail to answer before the outcome is a platform error. */
  private static final Duration UNREACHABLE_FOR = Duration.ofSeconds(60);

  /** Why the runner ended the job, if it did. */
  private enum Stop {
    CANCELLED,
    TIMED_OUT,
    NODE_LOST,
    CLOSED
  }

  private final SlurmRestV0038 rest;
  private final long jobId;
  private final ExecutionRequest request;
  private final JobLog log;
  private final Duration pollInterval;
  private final boolean rerunOnNodeLoss;
  private final Runnable release;
  private final long createdNanos = System.nanoTime();
  private final AtomicReference<Stop> stop = new AtomicReference<>();
  private final BlockingQueue<Boolean> wakeups = new LinkedBlockingQueue<>();
  private final OutcomeFuture outcome;
  private Instant startedAt;
  private long restarts = -1;

  SlurmExecution(
      SlurmRestV0038 rest,
      long jobId,
      ExecutionRequest request,
      JobLog log,
      Duration pollInterval,
      boolean rerunOnNodeLoss,
      Runnable release) {
    this.rest = rest;
    this.jobId = jobId;
    this.request = request;
    this.log = log;
    this.pollInterval = pollInterval;
    this.rerunOnNodeLoss = rerunOnNodeLoss;
    this.release = release;
    this.outcome = new OutcomeFuture("the supervisor of Slurm job " + jobId);
  }

  /** The Slurm job id. */
  @Override
  public String id() {
    return Long.toString(jobId);
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
    if (!outcome.isDone() && stop.compareAndSet(null, Stop.CANCELLED)) {
      LOG.info("Cancelling model {}: cancelling Slurm job {}", request.launch().slug(), jobId);
      wakeups.offer(Boolean.TRUE);
    }
  }

  /** The supervisor: runs on the engine's executor until the job ended. */
  void supervise() {
    ExecutionOutcome result;
    boolean interrupted = false;
    try {
      result = superviseJob();
    } catch (InterruptedException e) {
      interrupted = true;
      stop.compareAndSet(null, Stop.CLOSED);
      result = endAfterClose();
    } catch (RuntimeException e) {
      result =
          outcome(
              Kind.PLATFORM_ERROR, null, "supervising Slurm job " + jobId + " failed: " + e, null);
    } catch (Error e) {
      log.finish();
      release.run();
      outcome.fail(e);
      throw e;
    }
    log.finish();
    // The job folder goes before the outcome is known, not after: a run id submitted again once
    // the outcome is known (a rerun) must find no deletion of its new folder still under way.
    release.run();
    outcome.complete(result);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private ExecutionOutcome superviseJob() throws InterruptedException {
    long cancelSentAt = 0;
    long lastCancelAt = 0;
    long unreachableSince = 0;
    while (true) {
      Optional<SlurmJob> found;
      try {
        found = rest.job(jobId);
        unreachableSince = 0;
      } catch (SlurmException e) {
        long now = System.nanoTime();
        unreachableSince = unreachableSince == 0 ? now : unreachableSince;
        if (now - unreachableSince > UNREACHABLE_FOR.toNanos()) {
          return outcome(
              Kind.PLATFORM_ERROR, null, "lost Slurm job " + jobId + ": " + e.getMessage(), null);
        }
        LOG.warn("Cannot read Slurm job {} (will retry): {}", jobId, e.getMessage());
        wakeups.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        continue;
      }
      log.pump();
      if (found.isEmpty()) {
        return outcome(
            Kind.PLATFORM_ERROR,
            null,
            "Slurm no longer knows job "
                + jobId
                + " (purged after MinJobAge, or the controller lost its state): the model's outcome"
                + " is unknown",
            null);
      }
      SlurmJob job = found.get();
      noteRestarts(job);
      if (job.startTime() > 0 && job.running() && startedAt == null) {
        startedAt = Instant.ofEpochSecond(job.startTime());
      }
      if (job.ended()) {
        return classify(job);
      }
      long now = System.nanoTime();
      if (stop.get() == null && deadlinePassed()) {
        if (stop.compareAndSet(null, Stop.TIMED_OUT)) {
          LOG.info(
              "Model {} exceeded its deadline of {}: cancelling Slurm job {}",
              request.launch().slug(),
              request.limits().deadline(),
              jobId);
        }
      }
      if (stop.get() != null) {
        if (cancelSentAt == 0) {
          sendCancel();
          cancelSentAt = now;
          lastCancelAt = now;
        } else if (now - cancelSentAt > GIVE_UP_AFTER.toNanos()) {
          return outcome(
              Kind.PLATFORM_ERROR,
              null,
              "Slurm job "
                  + jobId
                  + " did not end within "
                  + GIVE_UP_AFTER.toSeconds()
                  + " s of its cancel (state "
                  + job.state()
                  + ")",
              job);
        } else if (now - lastCancelAt > RECANCEL_AFTER.toNanos()) {
          sendCancel();
          lastCancelAt = now;
        }
      }
      wakeups.poll(nextPoll(now, cancelSentAt != 0).toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Polls fast at first and after a cancel; never sleeps past the deadline. */
  private Duration nextPoll(long now, boolean cancelling) {
    if (cancelling || now - createdNanos < FAST_PHASE.toNanos()) {
      return FAST_POLL;
    }
    Duration wait = pollInterval;
    if (startedAt != null) {
      Duration toDeadline = Duration.between(Instant.now(), deadline());
      if (toDeadline.compareTo(wait) < 0) {
        wait = toDeadline.isNegative() ? Duration.ZERO : toDeadline.plusMillis(1);
      }
    }
    return wait;
  }

  private Instant deadline() {
    // Slurm's start time has whole seconds: one more keeps the model's full deadline.
    return startedAt.plus(request.limits().deadline()).plusSeconds(1);
  }

  private boolean deadlinePassed() {
    return startedAt != null && !Instant.now().isBefore(deadline());
  }

  private void noteRestarts(SlurmJob job) {
    if (restarts < 0) {
      restarts = job.restarts();
      return;
    }
    if (job.restarts() > restarts) {
      restarts = job.restarts();
      startedAt = null;
      if (rerunOnNodeLoss) {
        log.line(
            "--- model-runner: Slurm requeued job "
                + jobId
                + " (restart "
                + restarts
                + ", "
                + job.reason()
                + "); the model runs again from the start ---");
        LOG.warn("Slurm requeued job {} of run {}: it runs again", jobId, request.runId());
      } else if (stop.compareAndSet(null, Stop.NODE_LOST)) {
        LOG.warn(
            "Slurm requeued job {} of run {} after a failure; the model's onNodeLoss is fail:"
                + " cancelling it",
            jobId,
            request.runId());
      }
    }
  }

  private void sendCancel() {
    try {
      rest.cancel(jobId);
    } catch (SlurmException e) {
      LOG.warn("Cannot cancel Slurm job {} (will retry): {}", jobId, e.getMessage());
    }
  }

  /** The engine is closing: cancel the job and wait (uninterrupted) until Slurm says it ended. */
  private ExecutionOutcome endAfterClose() {
    sendCancel();
    long until = System.nanoTime() + GIVE_UP_AFTER.toNanos();
    while (System.nanoTime() < until) {
      try {
        Optional<SlurmJob> job = rest.job(jobId);
        if (job.isEmpty() || job.get().ended()) {
          break;
        }
      } catch (SlurmException e) {
        break;
      }
      try {
        Thread.sleep(FAST_POLL.toMillis());
      } catch (InterruptedException e) {
        break;
      }
    }
    return outcome(
        Kind.PLATFORM_ERROR,
        null,
        "the runner closed the Slurm engine; job " + jobId + " cancelled",
        null);
  }

  private ExecutionOutcome classify(SlurmJob job) {
    Stop why = stop.get();
    String state = job.state();
    switch (state) {
      case "COMPLETED":
        return outcome(Kind.SUCCEEDED, 0, "", job);
      case "CANCELLED":
        if (why == Stop.TIMED_OUT) {
          return timedOut(job, "exceeded its deadline of " + human(request.limits().deadline()));
        }
        if (why == Stop.CANCELLED) {
          return outcome(
              Kind.CANCELLED,
              null,
              "cancelled after " + human(elapsed(job)) + "; Slurm job " + jobId + " cancelled",
              job);
        }
        if (why == Stop.NODE_LOST) {
          return nodeLost(job);
        }
        if (why == Stop.CLOSED) {
          return outcome(
              Kind.PLATFORM_ERROR,
              null,
              "the runner closed the Slurm engine; job " + jobId + " cancelled",
              job);
        }
        return outcome(
            Kind.PLATFORM_ERROR,
            null,
            "Slurm job "
                + jobId
                + " was cancelled outside the runner (scancel by its user or an administrator)",
            job);
      case "FAILED":
        if (log.slurmKilledForMemory()) {
          // Slurm's memory enforcement without cgroups (jobacct_gather OverMemoryKill) ends the
          // job FAILED and says why only in the job's output.
          return outOfMemory(job);
        }
        if (!"NonZeroExitCode".equals(job.reason()) && !"None".equals(job.reason())) {
          return outcome(
              Kind.PLATFORM_ERROR,
              null,
              "Slurm could not run job "
                  + jobId
                  + " ("
                  + job.reason()
                  + ", exit code "
                  + job.exitCode()
                  + ")",
              job);
        }
        if (why == Stop.TIMED_OUT) {
          return timedOut(job, "exceeded its deadline of " + human(request.limits().deadline()));
        }
        if (why == Stop.CANCELLED) {
          return outcome(
              Kind.CANCELLED, null, "cancelled; Slurm job " + jobId + " ended by its cancel", job);
        }
        if (job.exitCode() == 125) {
          return outcome(
              Kind.PLATFORM_ERROR,
              125,
              "the job of Slurm job "
                  + jobId
                  + " could not enter the model's working directory (exit code 125)",
              job);
        }
        return outcome(
            Kind.MODEL_ERROR,
            job.exitCode(),
            (job.signalled() ? "killed by a signal" : "exited")
                + " with code "
                + job.exitCode()
                + " (Slurm job "
                + jobId
                + ")",
            job);
      case "TIMEOUT":
        return timedOut(job, "exceeded Slurm's time limit for job " + jobId);
      case "OUT_OF_MEMORY":
        return outOfMemory(job);
      case "NODE_FAIL", "BOOT_FAIL":
        return why == Stop.NODE_LOST
            ? nodeLost(job)
            : outcome(
                Kind.PLATFORM_ERROR,
                null,
                "node "
                    + (job.nodes().isEmpty() ? "?" : job.nodes())
                    + " failed while running Slurm job "
                    + jobId
                    + " ("
                    + state
                    + ")",
                job);
      case "PREEMPTED":
        return outcome(
            Kind.PLATFORM_ERROR, null, "Slurm preempted job " + jobId + " for another job", job);
      default:
        return outcome(
            Kind.PLATFORM_ERROR,
            null,
            "Slurm job " + jobId + " ended in state " + state + " (" + job.reason() + ")",
            job);
    }
  }

  private ExecutionOutcome outOfMemory(SlurmJob job) {
    return outcome(
        Kind.OUT_OF_MEMORY,
        job.exitCode(),
        "killed for exceeding its memory limit of "
            + mebibytes(request.limits().memoryBytes())
            + " (Slurm job "
            + jobId
            + ", exit code "
            + job.exitCode()
            + ")",
        job);
  }

  private ExecutionOutcome nodeLost(SlurmJob job) {
    return outcome(
        Kind.PLATFORM_ERROR,
        null,
        "the node of Slurm job "
            + jobId
            + " failed and Slurm requeued it; not run again because the model's onNodeLoss is"
            + " fail",
        job);
  }

  private ExecutionOutcome timedOut(SlurmJob job, String why) {
    return outcome(Kind.TIMED_OUT, null, why + "; killed", job);
  }

  private Duration elapsed(SlurmJob job) {
    if (startedAt == null && (job == null || job.startTime() == 0)) {
      return Duration.ofNanos(System.nanoTime() - createdNanos);
    }
    Instant start = startedAt != null ? startedAt : Instant.ofEpochSecond(job.startTime());
    Instant end =
        job != null && job.endTime() > 0 && job.ended()
            ? Instant.ofEpochSecond(job.endTime())
            : Instant.now();
    Duration elapsed = Duration.between(start, end);
    return elapsed.isNegative() ? Duration.ZERO : elapsed;
  }

  private ExecutionOutcome outcome(Kind kind, Integer exitCode, String detail, SlurmJob job) {
    log.finish();
    return new ExecutionOutcome(kind, exitCode, elapsed(job), detail, log.tail());
  }

  private static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 120) {
      return s + "s";
    }
    return s % 60 == 0 ? (s / 60) + "m" : (s / 60) + "m" + (s % 60) + "s";
  }

  private static String mebibytes(long bytes) {
    return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes + " bytes";
  }
}
