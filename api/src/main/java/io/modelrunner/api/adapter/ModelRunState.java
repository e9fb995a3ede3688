package io.modelrunner.api.adapter;

/**
 * The state of one model run inside an adapter. {@link #UNKNOWN} is the state before {@code
 * /request} and after {@code /remove}.
 */
public enum ModelRunState {
  UNKNOWN,
  ACCEPTED,
  PENDING,
  QUEUED,
  READY,
  RUNNING,
  SUCCEEDED,
  ERROR;

  /** Whether the model run has finished, successfully or not. */
  public boolean isFinal() {
    return this == SUCCEEDED || this == ERROR;
  }
}
