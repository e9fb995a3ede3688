package io.modelrunner.app.service;

import io.modelrunner.app.db.Database;
import io.modelrunner.app.db.DatabaseException;
import io.modelrunner.app.db.Dialect;
import io.modelrunner.app.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** The runner nodes sharing the database, as each last reported itself (table runner_node). */
public final class NodeStore {
  /** One node. */
  public record Node(
      String nodeId,
      Set<String> labels,
      int maxConcurrent,
      int activeRuns,
      String version,
      String address,
      Instant startedAt,
      Instant lastHeartbeat) {}

  private final Database database;

  public NodeStore(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /** Records {@code node}'s heartbeat (inserting it on its first). */
  public void heartbeat(Node node) {
    try (Connection c = database.connection()) {
      int updated;
      try (PreparedStatement s =
          c.prepareStatement(
              "UPDATE runner_node SET labels = ?, max_concurrent = ?, active_runs = ?,"
                  + " version = ?, address = ?, started_at = ?, last_heartbeat = ?"
                  + " WHERE node_id = ?")) {
        bind(s, node);
        updated = s.executeUpdate();
      }
      if (updated == 0) {
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO runner_node (labels, max_concurrent, active_runs, version, address,"
                    + " started_at, last_heartbeat, node_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
          bind(s, node);
          s.executeUpdate();
        } catch (SQLException e) {
          if (!Jdbc.isUniqueViolation(e)) {
            throw e; // else: our own earlier insert raced us; the next beat updates it
          }
        }
      }
    } catch (SQLException e) {
      throw new DatabaseException("cannot record the heartbeat of node " + node.nodeId(), e);
    }
  }

  public List<Node> list() {
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT node_id, labels, max_concurrent, active_runs, version, address,"
                    + " started_at, last_heartbeat FROM runner_node ORDER BY node_id");
        ResultSet r = s.executeQuery()) {
      List<Node> nodes = new ArrayList<>();
      while (r.next()) {
        String labels = r.getString(2);
        nodes.add(
            new Node(
                r.getString(1),
                labels.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(labels.split(","))),
                r.getInt(3),
                r.getInt(4),
                r.getString(5),
                r.getString(6),
                Jdbc.instant(r, "started_at"),
                Jdbc.instant(r, "last_heartbeat")));
      }
      return nodes;
    } catch (SQLException e) {
      throw new DatabaseException("cannot list the nodes: " + e.getMessage(), e);
    }
  }

  private static void bind(PreparedStatement s, Node node) throws SQLException {
    s.setString(1, String.join(",", new TreeSet<>(node.labels())));
    s.setInt(2, node.maxConcurrent());
    s.setInt(3, node.activeRuns());
    s.setString(4, node.version());
    s.setString(5, node.address());
    Dialect dialect = Dialect.of(s.getConnection());
    Jdbc.bindInstant(s, 6, node.startedAt(), dialect);
    Jdbc.bindInstant(s, 7, node.lastHeartbeat(), dialect);
    s.setString(8, node.nodeId());
  }
}
