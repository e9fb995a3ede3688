package io.modelrunner.adapter.internal;

import static io.modelrunner.api.adapter.ModelRunState.UNKNOWN;

import io.modelrunner.api.adapter.ModelRunState;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The state of one model run, changed only along the transitions of {@link #ALLOWED}. A run starts
 * in {@code UNKNOWN}; going back to {@code UNKNOWN} (remove, eviction) retires the machine, after
 * which every transition is refused. Thread-safe: every transition is atomic.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class RunStateMachine {

  /** Observes every transition that happened. Called while the machine's lock is held. */
  @FunctionalInterface
  public interface Listener {
    void onTransition(String runId, ModelRunState from, ModelRunState to);

    Listener NONE = (runId, from, to) -> {};
  }

  /** The allowed transitions: {@code from -> set of to}. Anything else is a bug. */
  public static final Map<ModelRunState, Set<ModelRunState>> ALLOWED = table();

  private final String runId;
  private final Listener listener;
  private ModelRunState state = UNKNOWN;
  private boolean retired;

  public RunStateMachine(String runId, Listener listener) {
    this.runId = Objects.requireNonNull(runId, "runId");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Whether {@code from -> to} is in the table. */
  public static boolean isAllowed(ModelRunState from, ModelRunState to) {
    return ALLOWED.get(from).contains(to);
  }

  public synchronized ModelRunState state() {
    return state;
  }

  /** Whether the run was removed or evicted; a retired machine never changes again. */
  public synchronized boolean isRetired() {
    return retired;
  }

  /**
   * Moves to {@code to}.
   *
   * @throws IllegalTransitionException when {@code state -> to} is not allowed or the machine is
   *     retired
   */
  public synchronized void transitionTo(ModelRunState to) {
    Objects.requireNonNull(to, "to");
    if (retired || !isAllowed(state, to)) {
      throw new IllegalTransitionException(runId, state, to, retired);
    }
    ModelRunState from = state;
    state = to;
    retired = to == UNKNOWN;
    listener.onTransition(runId, from, to);
  }

  /**
   * Moves to {@code to} only when the current state is {@code expected}; the check and the move are
   * one atomic step.
   *
   * @return whether the transition happened
   */
  public synchronized boolean compareAndTransition(ModelRunState expected, ModelRunState to) {
    if (retired || state != expected) {
      return false;
    }
    transitionTo(to);
    return true;
  }

  private static Map<ModelRunState, Set<ModelRunState>> table() {
    Map<ModelRunState, Set<ModelRunState>> t = new EnumMap<>(ModelRunState.class);
    for (ModelRunState s : ModelRunState.values()) {
      t.put(s, s.successors());
    }
    return Collections.unmodifiableMap(t);
  }
}
