package io.modelrunner.core.callback;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The outcome of one HTTP attempt of a callback ({@link CallbackClient#attempt}).
 *
 * @param delivered a 2xx answer
 * @param httpStatus the answer's status, or null when none came (network error, timeout)
 * @param retryable whether another attempt may succeed: network errors, 408, 429 and 5xx
 * @param detail why it failed (empty when delivered); never contains a secret
 * @param cancelRequested whether the answer was {@code {"action":"cancel"}}
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record CallbackAttempt(
    boolean delivered,
    Integer httpStatus,
    boolean retryable,
    String detail,
    boolean cancelRequested) {

  public CallbackAttempt {
    detail = detail == null ? "" : detail;
  }

  /** Refused before any request was made: a URL that is not valid, a host not allowed. */
  static CallbackAttempt refused(String detail) {
    return new CallbackAttempt(false, null, false, detail, false);
  }

  /** Whether no request was made at all (see {@link #refused}). */
  public boolean refused() {
    return !delivered && httpStatus == null && !retryable;
  }
}
