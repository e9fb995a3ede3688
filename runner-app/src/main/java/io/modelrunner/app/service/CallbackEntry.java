package io.modelrunner.app.service;

import java.time.Instant;

/** One callback's fate, in the run's delivery log. */
public record CallbackEntry(
    String event,
    String status,
    int attempts,
    Integer httpStatus,
    String detail,
    boolean cancelRequested,
    Instant sentAt) {}
