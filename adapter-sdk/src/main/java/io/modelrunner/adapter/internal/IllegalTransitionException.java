package io.modelrunner.adapter.internal;

import io.modelrunner.api.adapter.ModelRunState;
import org.apiguardian.api.API;

/** A state change that the transition table forbids: always a bug in the SDK, never bad input. */
@API(status = API.Status.INTERNAL, since = "0.1.0")
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
