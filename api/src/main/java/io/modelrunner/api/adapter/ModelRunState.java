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

  /**
   * Whether a run that was started ({@code /run} answered) and now reports this state has finished:
   * {@link #isFinal() SUCCEEDED or ERROR}, or {@link #READY}, the seed text's state for "the
   * results are there", which some adapters also report on their status.
   */
  public boolean endsAStartedRun() {
    return isFinal() || this == READY;
  }
}
