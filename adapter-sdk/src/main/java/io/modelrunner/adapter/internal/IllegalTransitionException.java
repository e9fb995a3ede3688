package io.modelrunner.adapter.internal;

import io.modelrunner.api.adapter.ModelRunState;

/** A state change that the transition table forbids: always a bug in the SDK, never bad input. */
public final class IllegalTransitionException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public IllegalTransitionException(
      String runId, ModelRunState from, ModelRunState to, boolean retired) {
    super(
        "model run "
            + runId
            + ": illegal transition "
            + from
            + " -> "
            + to
            + (retired ? " (the run was already removed)" : ""));
  }
}
