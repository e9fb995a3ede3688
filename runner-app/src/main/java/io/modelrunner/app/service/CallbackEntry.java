package io.modelrunner.app.service;

import java.time.Instant;

/**
 * One callback event in a run's delivery log.
 *
 * @param status {@code PENDING}, {@code DELIVERED}, {@code FAILED} or {@code NOT_SENT}
 * @param sentAt the last attempt's time, or when the event was recorded when none was made yet
 * @param nextAttemptAt when a pending event is tried again; null otherwise
 */
public record CallbackEntry(
    String eventId,
    String event,
    String status,
    int attempts,
    Integer httpStatus,
    String detail,
    boolean cancelRequested,
    Instant createdAt,
    Instant sentAt,
    Instant nextAttemptAt,
    Instant deliveredAt,
    Instant expiresAt) {

  static CallbackEntry of(OutboxStore.Event e) {
    return new CallbackEntry(
        e.eventId(),
        e.event(),
        e.state().name(),
        e.attempts(),
        e.httpStatus(),
        e.detail(),
        e.cancelRequested(),
        e.createdAt(),
        e.lastAttemptAt() == null ? e.createdAt() : e.lastAttemptAt(),
        e.state() == OutboxStore.State.PENDING ? e.nextAttemptAt() : null,
        e.deliveredAt(),
        e.expiresAt());
  }
}
