package io.modelrunner.core.callback;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What happened to one callback.
 *
 * @param event {@code start} or {@code final}
 * @param status delivered, failed after every attempt, not sent at all, or pending in a durable
 *     outbox that keeps retrying it
 * @param attempts how many HTTP requests were made
 * @param httpStatus the last HTTP status received, or null when none was
 * @param detail why it failed or was not sent (empty when delivered); never contains the secret
 * @param cancelRequested whether the web application answered {@code {"action":"cancel"}}
 * @param eventId the event's stable id ({@link CallbackEvent#eventId()}), or null when none was
 *     made
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record CallbackDelivery(
    String event,
    Status status,
    int attempts,
    Integer httpStatus,
    String detail,
    boolean cancelRequested,
    String eventId) {

  /** The fate of a callback. */
  public enum Status {
    DELIVERED,
    FAILED,
    NOT_SENT,
    /** Kept in a durable outbox, which goes on delivering it (the service). */
    PENDING
  }

  public CallbackDelivery {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(status, "status");
    detail = detail == null ? "" : detail;
  }

  /** A delivery without an event id. */
  public CallbackDelivery(
      String event,
      Status status,
      int attempts,
      Integer httpStatus,
      String detail,
      boolean cancelRequested) {
    this(event, status, attempts, httpStatus, detail, cancelRequested, null);
  }

  public static CallbackDelivery notSent(String event, String why) {
    return new CallbackDelivery(event, Status.NOT_SENT, 0, null, why, false);
  }

  public boolean delivered() {
    return status == Status.DELIVERED;
  }

  /** This delivery, tagged with {@code id}. */
  public CallbackDelivery withEventId(String id) {
    return new CallbackDelivery(event, status, attempts, httpStatus, detail, cancelRequested, id);
  }
}
