package io.modelrunner.app.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the web layer may read about runs and nodes; read-only. */
public interface RunQueries {
  Optional<StoredRun> find(String runId);

  /**
   * A page of runs, newest first, of {@code state}, {@code model} and {@code requestId} (each null:
   * any); {@code beforeSeq} (exclusive) continues a listing.
   */
  List<StoredRun> list(RunState state, String model, String requestId, int limit, Long beforeSeq);

  /** The stages a run went through, in order. */
  List<StageEntry> stages(String runId);

  /** A run's callback events, in order (its delivery log). */
  List<CallbackEntry> callbacks(String runId);

  /** Runs by state, counted now. */
  Map<RunState, Long> countByState();

  /** The nodes of the pool, as they last reported themselves. */
  List<NodeStore.Node> nodes();

  /** Whether this node executes {@code runId} now (its workspace holds the live log). */
  boolean isActiveHere(String runId);
}
