package io.modelrunner.app.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's heartbeat in the node table, every {@code period} on a schedule of its own (a slow
 * watchdog never delays it): other nodes take this node's runs over once it has been silent for the
 * lease.
 */
final class NodeHeartbeat {
  private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);

  /** What this node reports about itself besides its load. */
  record Identity(
      String nodeId, Set<String> labels, int maxConcurrent, String version, String address) {}

  private final NodeStore nodes;
  private final Identity identity;
  private final ActiveRuns active;
  private final Clock clock;
  private final Ticker ticker;
  private final Duration period;
  private final Instant startedAt;
  private volatile Ticker.Schedule schedule;

  NodeHeartbeat(
      NodeStore nodes,
      Identity identity,
      ActiveRuns active,
      Clock clock,
      Ticker ticker,
      Duration period) {
    this.nodes = Objects.requireNonNull(nodes, "nodes");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.active = Objects.requireNonNull(active, "active");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.period = Objects.requireNonNull(period, "period");
    this.startedAt = clock.instant();
  }

  /** Records one heartbeat now. */
  void beat() {
    nodes.heartbeat(
        new NodeStore.Node(
            identity.nodeId(),
            identity.labels(),
            identity.maxConcurrent(),
            active.size(),
            identity.version(),
            identity.address(),
            startedAt,
            clock.instant()));
  }

  /** Beats every period from now on (a failed beat is logged, the next one tried). */
  void start() {
    schedule = ticker.every("node-heartbeat", period, this::beatQuietly);
  }

  void stop() {
    Ticker.Schedule running = schedule;
    if (running != null) {
      running.stop();
    }
  }

  private void beatQuietly() {
    try {
      beat();
    } catch (RuntimeException e) {
      LOG.warn("cannot record this node's heartbeat: {}", e.getMessage());
    }
  }
}
