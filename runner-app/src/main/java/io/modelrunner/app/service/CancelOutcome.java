package io.modelrunner.app.service;

/** What {@code cancel} did. */
public enum CancelOutcome {
  /** No such run. */
  NOT_FOUND,
  /** The run had already ended; nothing changed. */
  ALREADY_ENDED,
  /** The run was queued: it will never start, and its final callback is on its way. */
  CANCELLED_WHILE_QUEUED,
  /** The run was running: its model is being killed; it ends FAILED with reason cancelled. */
  CANCELLING
}
