package io.modelrunner.core.pipeline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Why a job failed.
 *
 * @param kind whose fault and what kind
 * @param message one line for a person
 * @param exitCode the model's exit code when it exited; else null
 * @param logTail the last lines of the model's log when it ran; else empty
 * @param errors the individual errors (schema violations as {@code <pointer>: <message>}, skipped
 *     output entries); else empty
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record FailureReason(
    Kind kind, String message, Integer exitCode, List<String> logTail, List<String> errors) {

  /** What kind of failure. */
  public enum Kind {
    /** The run request does not match its envelope or its model's input schema; nothing ran. */
    INVALID_REQUEST,
    /** The model exited with a non-zero code: the model's own error. */
    MODEL_ERROR,
    /** The model was killed at its deadline. */
    TIMEOUT,
    /** The model was killed for exceeding its memory limit. */
    OUT_OF_MEMORY,
    /** The run was cancelled (by the web application's answer to the start callback, or asked). */
    CANCELLED,
    /** The model exited 0 but its output breaks the contract (no or invalid {@code data.json}). */
    INVALID_OUTPUT,
    /** The platform failed: engine unreachable, image or command missing, store failed, a bug. */
    PLATFORM_ERROR;

    /** {@code model-error}, {@code timeout}, …: the form in callbacks and JSON output. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public FailureReason {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    logTail = List.copyOf(logTail == null ? List.of() : logTail);
    errors = List.copyOf(errors == null ? List.of() : errors);
  }

  public static FailureReason of(Kind kind, String message) {
    return new FailureReason(kind, message, null, List.of(), List.of());
  }

  /** {@code <kind>: <message>}. */
  public String summary() {
    return kind.wireName() + ": " + message;
  }
}
