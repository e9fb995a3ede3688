package io.modelrunner.app.service;

/** Where a run is: waiting, being worked on, or ended (for good). */
public enum RunState {
  /** Accepted and persisted; waiting for a free slot. */
  QUEUED,
  /** Claimed by a node: anywhere from validation to the final callback. */
  RUNNING,
  /** Ended with stored results and a {@code complete} callback. */
  COMPLETE,
  /** Ended with a reason and a {@code failed} callback. */
  FAILED;

  public boolean isFinal() {
    return this == COMPLETE || this == FAILED;
  }
}
