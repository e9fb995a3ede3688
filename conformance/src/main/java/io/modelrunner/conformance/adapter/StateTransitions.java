package io.modelrunner.conformance.adapter;

import static io.modelrunner.api.adapter.ModelRunState.ERROR;
import static io.modelrunner.api.adapter.ModelRunState.QUEUED;
import static io.modelrunner.api.adapter.ModelRunState.READY;
import static io.modelrunner.api.adapter.ModelRunState.RUNNING;
import static io.modelrunner.api.adapter.ModelRunState.SUCCEEDED;
import static io.modelrunner.api.adapter.ModelRunState.UNKNOWN;

import io.modelrunner.api.adapter.ModelRunState;
import io.modelrunner.conformance.Evidence;
import io.modelrunner.conformance.Finding;
import io.modelrunner.conformance.adapter.AdapterHttp.LifecycleCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges {@link AdapterClauses#STATE}: the states each run the check created reported, in order,
 * from its {@code request} answer until its {@code remove} (what remove does is {@link
 * AdapterClauses#REMOVE}'s), on every 2xx answer that names a state. The states are samples, not
 * every transition: a state may be skipped (a run may answer {@code SUCCEEDED} to {@code run}), so
 * each state must be reachable from the one before along the state machine of docs/adapter-api.md.
 * {@code READY} on {@code results} of a started run is read as {@code SUCCEEDED} (the seed text's
 * name for it, {@link AdapterClauses#RESULTS_SUCCEEDED}'s concern).
 */
final class StateTransitions {
  /** The state machine of docs/adapter-api.md ({@link ModelRunState#successors()}). */
  static final Map<ModelRunState, Set<ModelRunState>> ALLOWED = allowed();

  private static final Map<ModelRunState, Set<ModelRunState>> REACHABLE = reachable();
  private static final Set<ModelRunState> STARTED = EnumSet.of(QUEUED, RUNNING, SUCCEEDED, ERROR);

  private StateTransitions() {}

  static Finding judge(List<LifecycleCall> calls) {
    Map<String, List<LifecycleCall>> runs = new LinkedHashMap<>();
    for (LifecycleCall call : calls) {
      if (call.endpoint().equals("request")) {
        call.exchange().runId().ifPresent(id -> runs.put(id, new ArrayList<>(List.of(call))));
      } else if (call.runId().isPresent() && runs.containsKey(call.runId().get())) {
        runs.get(call.runId().get()).add(call);
      }
    }
    int judged = 0;
    for (Map.Entry<String, List<LifecycleCall>> run : runs.entrySet()) {
      List<String> seen = new ArrayList<>();
      ModelRunState previous = null;
      boolean started = false;
      for (LifecycleCall call : run.getValue()) {
        Exchange e = call.exchange();
        if (call.endpoint().equals("remove")) {
          break;
        }
        if (!e.isSuccess() || e.state().isEmpty()) {
          continue;
        }
        Optional<ModelRunState> state = parse(e.state());
        if (state.isEmpty()) {
          return Finding.broken(
              AdapterClauses.STATE,
              "run " + run.getKey() + " answered state '" + e.state() + "', not a lifecycle state",
              e.evidence());
        }
        ModelRunState now = state.get();
        if (call.endpoint().equals("results") && now == READY && started) {
          now = SUCCEEDED;
        }
        seen.add(e.state() + " (" + call.endpoint() + ")");
        if (previous != null) {
          judged++;
          if (now != previous && !REACHABLE.get(previous).contains(now)) {
            return Finding.broken(
                AdapterClauses.STATE,
                "run "
                    + run.getKey()
                    + " went from "
                    + previous
                    + " to "
                    + now
                    + ", which the state machine does not allow; it answered "
                    + String.join(", ", seen),
                e.evidence());
          }
        }
        started |= STARTED.contains(now) || call.endpoint().equals("run");
        previous = now;
      }
    }
    return judged == 0
        ? Finding.skip(AdapterClauses.STATE, "no run answered two states to compare")
        : Finding.pass(AdapterClauses.STATE, Evidence.NONE);
  }

  private static Optional<ModelRunState> parse(String state) {
    return Arrays.stream(ModelRunState.values()).filter(s -> s.name().equals(state)).findFirst();
  }

  private static Map<ModelRunState, Set<ModelRunState>> allowed() {
    Map<ModelRunState, Set<ModelRunState>> t = new EnumMap<>(ModelRunState.class);
    for (ModelRunState s : ModelRunState.values()) {
      t.put(s, s.successors());
    }
    return Collections.unmodifiableMap(t);
  }

  /**
   * For each state, the states a run in it can be seen in later: the transitive closure of {@link
   * #ALLOWED}, except that {@code UNKNOWN} (removed, evicted) is the end of a run: only a new
   * request leaves it, under a new id.
   */
  private static Map<ModelRunState, Set<ModelRunState>> reachable() {
    Map<ModelRunState, Set<ModelRunState>> r = new EnumMap<>(ModelRunState.class);
    for (ModelRunState from : ModelRunState.values()) {
      Set<ModelRunState> seen = EnumSet.noneOf(ModelRunState.class);
      List<ModelRunState> todo = new ArrayList<>(from == UNKNOWN ? Set.of() : ALLOWED.get(from));
      while (!todo.isEmpty()) {
        ModelRunState next = todo.remove(todo.size() - 1);
        if (seen.add(next) && next != UNKNOWN) {
          todo.addAll(ALLOWED.get(next));
        }
      }
      r.put(from, Collections.unmodifiableSet(seen));
    }
    return Collections.unmodifiableMap(r);
  }
}
