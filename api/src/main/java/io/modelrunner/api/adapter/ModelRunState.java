package io.modelrunner.api.adapter;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The state of one model run inside an adapter. {@link #UNKNOWN} is the state before {@code
 * /request} and after {@code /remove}.
 */
@API(status = STABLE, since = "0.1.0")
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

  /**
   * The states a run in this state may move to next, by the lifecycle of docs/adapter-api.md: the
   * one table the SDK's state machine enforces and the conformance check judges adapters by. {@code
   * UNKNOWN} is both "not requested yet" and "removed".
   */
  public Set<ModelRunState> successors() {
    return switch (this) {
      case UNKNOWN -> Collections.unmodifiableSet(EnumSet.of(ACCEPTED, PENDING));
      case PENDING -> Collections.unmodifiableSet(EnumSet.of(ACCEPTED, UNKNOWN));
      case ACCEPTED -> Collections.unmodifiableSet(EnumSet.of(READY, ERROR, UNKNOWN));
      case READY -> Collections.unmodifiableSet(EnumSet.of(RUNNING, QUEUED, UNKNOWN));
      case QUEUED -> Collections.unmodifiableSet(EnumSet.of(RUNNING, UNKNOWN));
      case RUNNING -> Collections.unmodifiableSet(EnumSet.of(SUCCEEDED, ERROR, UNKNOWN));
      case SUCCEEDED, ERROR -> Collections.unmodifiableSet(EnumSet.of(UNKNOWN));
    };
  }
}
