package io.modelrunner.app.service;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The queue of runs shared by every node on one database, on db-scheduler: each run is a one-time
 * task instance (its id is the run id) picked by exactly one node, heart-beaten while that node
 * works on it, and revived for another node when its node stops heart-beating for {@code heartbeat
 * × missedHeartbeats} (the lease).
 *
 * <p><b>Labels.</b> A run's task is named after the labels its model requires ({@code run}, {@code
 * run[gpu]}, {@code run[arch=arm64,highmem]}); a node registers the task of every subset of its own
 * labels, so it picks only runs it can run — db-scheduler leaves the executions of tasks a node
 * does not know to the others. Order: by dispatch time (FIFO), across and within models.
 */
public final class RunQueue implements AutoCloseable {
  /** Labels beyond this many on one node would make too many task names (2^n). */
  static final int MAX_NODE_LABELS = 8;

  private final Scheduler scheduler;
  private final Set<String> nodeLabels;
  private final DataSource dataSource;
  private final String nodeId;

  /**
   * @param onPicked called on one of {@code threads} scheduler threads with the run id of a picked
   *     run (new, or revived after its node was lost); the run is heart-beaten until it returns.
   *     When it throws, the run is picked again after {@code retryLater} (by any node).
   */
  public RunQueue(
      DataSource dataSource,
      String nodeId,
      Set<String> nodeLabels,
      int threads,
      Duration pollingInterval,
      Duration heartbeat,
      int missedHeartbeats,
      Duration shutdownWait,
      Duration retryLater,
      Consumer<String> onPicked) {
    Objects.requireNonNull(onPicked, "onPicked");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.nodeLabels = Set.copyOf(nodeLabels);
    if (nodeLabels.size() > MAX_NODE_LABELS) {
      throw new IllegalArgumentException(
          "a node may advertise at most " + MAX_NODE_LABELS + " labels: " + nodeLabels);
    }
    List<Task<?>> tasks = new ArrayList<>();
    for (Set<String> subset : subsets(new ArrayList<>(new TreeSet<>(nodeLabels)))) {
      OneTimeTask<Void> task =
          Tasks.oneTime(taskName(subset))
              .onDeadExecutionRevive()
              .onFailure(new FailureHandler.OnFailureRetryLater<>(retryLater))
              .execute((instance, context) -> onPicked.accept(instance.getId()));
      tasks.add(task);
    }
    this.scheduler =
        Scheduler.create(dataSource, tasks)
            .schedulerName(new SchedulerName.Fixed(nodeId))
            .threads(threads)
            .pollingInterval(pollingInterval)
            .heartbeatInterval(heartbeat)
            .missedHeartbeatsLimit(missedHeartbeats)
            .shutdownMaxWait(shutdownWait)
            .enableImmediateExecution()
            .alwaysPersistTimestampInUTC()
            .build();
  }

  /** The task name for runs that need {@code labels}: {@code run} or {@code run[a,b]}. */
  static String taskName(Set<String> labels) {
    return labels.isEmpty() ? "run" : "run[" + String.join(",", new TreeSet<>(labels)) + "]";
  }

  /** Whether this node can take runs that need {@code labels}. */
  public boolean canRun(Set<String> labels) {
    return nodeLabels.containsAll(labels);
  }

  public Set<String> nodeLabels() {
    return nodeLabels;
  }

  /** Queues run {@code runId} for a node with {@code labels}; nothing when it is queued already. */
  public void enqueue(String runId, Set<String> labels, Instant dispatchedAt) {
    scheduler.scheduleIfNotExists(
        Tasks.oneTime(taskName(labels)).execute((i, c) -> {}).instance(runId), dispatchedAt);
  }

  /** Removes a queued run's execution (a cancelled or expired run); harmless when gone. */
  public void forget(String runId, Set<String> labels) {
    try {
      scheduler.cancel(
          com.github.kagkarlsson.scheduler.task.TaskInstanceId.of(taskName(labels), runId));
    } catch (RuntimeException e) {
      // already picked or removed: the pick finds the run ended and does nothing
    }
  }

  /**
   * Makes the executions this node had picked before it stopped (a crash leaves them picked, with a
   * stale heartbeat) due again at once, so that this node resumes its runs without waiting for the
   * lease to expire. Call before {@link #start()}, while this node runs nothing.
   */
  public int reviveOwn() {
    try (java.sql.Connection c = dataSource.getConnection();
        java.sql.PreparedStatement s =
            c.prepareStatement(
                "UPDATE scheduled_tasks SET picked = FALSE, picked_by = NULL,"
                    + " last_heartbeat = NULL, version = version + 1"
                    + " WHERE picked = TRUE AND picked_by = ?")) {
      s.setString(1, nodeId);
      return s.executeUpdate();
    } catch (java.sql.SQLException e) {
      throw new io.modelrunner.app.db.DatabaseException(
          "cannot revive the queue entries of node " + nodeId + ": " + e.getMessage(), e);
    }
  }

  /** Looks for due runs now (after a dispatch stored some), instead of at the next poll. */
  public void wake() {
    scheduler.triggerCheckForDueExecutions();
  }

  public void start() {
    scheduler.start();
  }

  /** Stops picking new runs; the runs in progress go on. */
  public void pause() {
    scheduler.pause();
  }

  /** Stops picking; waits for the runs in progress up to the shutdown wait. */
  @Override
  public void close() {
    scheduler.stop();
  }

  private static List<Set<String>> subsets(List<String> labels) {
    List<Set<String>> all = new ArrayList<>();
    int n = labels.size();
    for (int mask = 0; mask < (1 << n); mask++) {
      Set<String> subset = new TreeSet<>();
      for (int i = 0; i < n; i++) {
        if ((mask & (1 << i)) != 0) {
          subset.add(labels.get(i));
        }
      }
      all.add(subset);
    }
    return all;
  }
}
