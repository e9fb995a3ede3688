package io.modelrunner.app.service;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link RunQueries} on the service's stores and this node's table of active runs. */
final class StoreRunQueries implements RunQueries {
  private final RunStore runs;
  private final OutboxStore outbox;
  private final NodeStore nodes;
  private final ActiveRuns active;

  StoreRunQueries(RunStore runs, OutboxStore outbox, NodeStore nodes, ActiveRuns active) {
    this.runs = Objects.requireNonNull(runs, "runs");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.nodes = Objects.requireNonNull(nodes, "nodes");
    this.active = Objects.requireNonNull(active, "active");
  }

  @Override
  public Optional<StoredRun> find(String runId) {
    return runs.find(runId);
  }

  @Override
  public List<StoredRun> list(
      RunState state, String model, String requestId, int limit, Long beforeSeq) {
    return runs.list(state, model, requestId, limit, beforeSeq);
  }

  @Override
  public List<StageEntry> stages(String runId) {
    return runs.stages(runId);
  }

  @Override
  public List<CallbackEntry> callbacks(String runId) {
    return outbox.forRun(runId).stream().map(CallbackEntry::of).toList();
  }

  @Override
  public Map<RunState, Long> countByState() {
    return runs.countByState();
  }

  @Override
  public List<NodeStore.Node> nodes() {
    return nodes.list();
  }

  @Override
  public boolean isActiveHere(String runId) {
    return active.contains(runId);
  }
}
