package io.modelrunner.core.callback;

import java.util.Objects;

/**
 * What happened to one callback.
 *
 * @param event {@code start} or {@code final}
 * @param status delivered, failed after every attempt, or not sent at all
 * @param attempts how many HTTP requests were made
 * @param httpStatus the last HTTP status received, or null when none was
 * @param detail why it failed or was not sent (empty when delivered); never contains the secret
 * @param cancelRequested whether the web application answered {@code {"action":"cancel"}}
 */
public record CallbackDelivery(
    String event,
    Status status,
    int attempts,
    Integer httpStatus,
    String detail,
    boolean cancelRequested) {

  /** The fate of a callback. */
  public enum Status {
    DELIVERED,
    FAILED,
    NOT_SENT
  }

  public CallbackDelivery {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(status, "status");
    detail = detail == null ? "" : detail;
  }

  public static CallbackDelivery notSent(String event, String why) {
    return new CallbackDelivery(event, Status.NOT_SENT, 0, null, why, false);
  }

  public boolean delivered() {
    return status == Status.DELIVERED;
  }
}
