package io.modelrunner.benchmarks.service;

import io.modelrunner.benchmarks.report.SuiteContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The PostgreSQL server the pool suite uses: a fresh database per measurement, dropped after, and
 * its activity from {@code pg_stat_database}. Connects to {@code --pg-url} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/postgres}) as {@code --pg-user}/{@code --pg-password} (default
 * {@code model_runner}/{@code model_runner}, the role the runner's tests use; it may CREATE
 * DATABASE).
 */
final class Postgres {
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

  final String adminUrl;
  final String user;
  final String password;

  Postgres(String adminUrl, String user, String password) {
    this.adminUrl = adminUrl;
    this.user = user;
    this.password = password;
  }

  static Postgres from(SuiteContext ctx) {
    return new Postgres(
        ctx.options().getOrDefault("pg-url", DEFAULT_URL),
        ctx.options().getOrDefault("pg-user", "model_runner"),
        ctx.options().getOrDefault("pg-password", "model_runner"));
  }

  /** Creates an empty database and returns its name. */
  String create() throws SQLException {
    String name = "mrbench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return name;
  }

  /** The JDBC URL of database {@code name} on the same server. */
  String url(String name) {
    String base = adminUrl.contains("?") ? adminUrl.substring(0, adminUrl.indexOf('?')) : adminUrl;
    return base.substring(0, base.lastIndexOf('/') + 1) + name;
  }

  /** Drops database {@code name}, disconnecting whoever is still connected. Never throws. */
  void drop(String name) {
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println("could not drop benchmark database " + name + ": " + e.getMessage());
    }
  }

  /** The size of database {@code name} on disk ({@code pg_database_size}), in bytes. */
  long size(String name) throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        PreparedStatement ps = c.prepareStatement("SELECT pg_database_size(?)")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * The database's counters from {@code pg_stat_database}: transactions committed and rolled back,
   * rows inserted, updated, deleted, and rows returned by scans. A backend reports its counters
   * when it goes idle (at most once a second) and when it disconnects: read them after the clients
   * have stopped.
   */
  Map<String, Long> stats(String name) throws SQLException {
    Map<String, Long> m = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(adminUrl, user, password)) {
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_stat_clear_snapshot()");
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted,"
                  + " tup_returned, tup_fetched FROM pg_stat_database WHERE datname = ?")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            for (String k :
                new String[] {
                  "xact_commit",
                  "xact_rollback",
                  "tup_inserted",
                  "tup_updated",
                  "tup_deleted",
                  "tup_returned",
                  "tup_fetched"
                }) {
              m.put(k, rs.getLong(k));
            }
          }
        }
      }
    }
    return m;
  }
}
