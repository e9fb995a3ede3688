package io.modelrunner.app.config;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code node.*} and {@code pool.*}: this node's identity among the nodes sharing the database. An
 * empty {@code nodeId} means the one kept in the data folder.
 */
public record PoolSection(
    String nodeId,
    Set<String> nodeLabels,
    Duration heartbeat,
    int missedHeartbeats,
    Duration pollingInterval) {

  static PoolSection parse(ConfigValues v) {
    Set<String> labels = new TreeSet<>(v.list("node.labels"));
    if (labels.size() > 8) {
      v.problem("node.labels: at most 8 labels, not " + labels.size());
    }
    for (String label : labels) {
      if (!label.matches("[A-Za-z0-9][A-Za-z0-9_.=/-]{0,62}")) {
        v.problem("node.labels: '" + label + "' must be letters, digits and _ . = / -");
      }
    }
    return new PoolSection(
        v.text("node.id"),
        labels,
        v.duration("pool.heartbeat"),
        v.integer("pool.missed-heartbeats", 2, 1000),
        v.duration("pool.polling-interval"));
  }

  /** How long a node that stopped heart-beating keeps its runs: heartbeat × missed heartbeats. */
  public Duration lease() {
    return heartbeat.multipliedBy(missedHeartbeats);
  }
}
