package io.modelrunner.app.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The databases the service runs on, and the few places their SQL differs. The migrations of
 * PostgreSQL and H2 are one set ({@code db/migration}); SQLite, whose types and identity columns
 * differ, has its own ({@code db/migration-sqlite}, numbered like the first, so that a schema
 * version means the same tables everywhere).
 */
public enum Dialect {
  /** The embedded default: one file, crash-safe (write-ahead log, synchronous commits). */
  SQLITE("jdbc:sqlite:", "classpath:db/migration-sqlite"),
  /** Pools of nodes. */
  POSTGRESQL("jdbc:postgresql:", "classpath:db/migration"),
  /** The embedded database of earlier versions, kept for existing deployments and tools. */
  H2("jdbc:h2:", "classpath:db/migration");

  private final String urlPrefix;
  private final String migrations;

  Dialect(String urlPrefix, String migrations) {
    this.urlPrefix = urlPrefix;
    this.migrations = migrations;
  }

  /** The dialect of a JDBC URL; null when the service does not support it. */
  public static Dialect ofUrl(String url) {
    for (Dialect d : values()) {
      if (url.startsWith(d.urlPrefix)) {
        return d;
      }
    }
    return null;
  }

  /** The dialect of an open connection. */
  public static Dialect of(Connection c) throws SQLException {
    Dialect d = ofUrl(c.getMetaData().getURL());
    if (d == null) {
      throw new SQLException("not a database the service supports: " + c.getMetaData().getURL());
    }
    return d;
  }

  /** The Flyway location of this dialect's migrations. */
  public String migrations() {
    return migrations;
  }

  /**
   * The suffix that locks the rows a {@code SELECT} reads until the transaction ends: {@code FOR
   * UPDATE}; empty for SQLite, whose write transactions take the database's write lock when they
   * begin ({@code BEGIN IMMEDIATE}), so that they run one at a time.
   */
  public String forUpdate() {
    return this == SQLITE ? "" : " FOR UPDATE";
  }

  /** Whether timestamps are stored as milliseconds since the epoch (SQLite has no such type). */
  boolean timestampsAsMillis() {
    return this == SQLITE;
  }
}
