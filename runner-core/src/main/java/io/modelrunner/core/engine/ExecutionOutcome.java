package io.modelrunner.core.engine;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How a model execution ended.
 *
 * @param kind what happened
 * @param exitCode the model's exit code, when it exited (null when it never started or was killed
 *     before reporting one)
 * @param elapsed from start to end
 * @param detail a one-line explanation for a person (e.g. {@code exceeded its deadline of 30s});
 *     empty for success
 * @param logTail the last lines of the model's log (at most a few dozen), for failure reasons
 */
@API(status = STABLE, since = "0.1.0")
public record ExecutionOutcome(
    Kind kind, Integer exitCode, Duration elapsed, String detail, List<String> logTail) {

  /** What happened to the model. */
  public enum Kind {
    /** Exited with code 0. */
    SUCCEEDED,
    /** Exited with a non-zero code: the model's own error. */
    MODEL_ERROR,
    /** Killed at its deadline. */
    TIMED_OUT,
    /** Killed by the kernel for exceeding its memory limit. */
    OUT_OF_MEMORY,
    /** Killed because the run was cancelled. */
    CANCELLED,
    /** The platform failed (engine unreachable, container vanished): not the model's fault. */
    PLATFORM_ERROR
  }

  public ExecutionOutcome {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(elapsed, "elapsed");
    detail = detail == null ? "" : detail;
    logTail = List.copyOf(logTail == null ? List.of() : logTail);
  }

  public boolean succeeded() {
    return kind == Kind.SUCCEEDED;
  }
}
