package io.modelrunner.app.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/** The JDBC plumbing the service's stores share: binding, timestamps, and transient failures. */
public final class Jdbc {
  public static final String UNIQUE_VIOLATION = "23505";

  private Jdbc() {}

  /**
   * Binds {@code args} in order; a null is bound untyped, so it takes its column's type. An {@link
   * Instant} is bound as its dialect stores timestamps ({@link #bindInstant}).
   */
  public static void bind(PreparedStatement s, List<Object> args) throws SQLException {
    Dialect dialect = null;
    for (int i = 0; i < args.size(); i++) {
      Object arg = args.get(i);
      if (arg == null) {
        // Untyped: the database takes the column's type. A VARCHAR null fails on PostgreSQL for
        // any other column type (e.g. the integer http_status of a callback that got no answer).
        s.setNull(i + 1, Types.NULL);
      } else if (arg instanceof Instant instant) {
        if (dialect == null) {
          dialect = Dialect.of(s.getConnection());
        }
        bindInstant(s, i + 1, instant, dialect);
      } else {
        s.setObject(i + 1, arg);
      }
    }
  }

  /**
   * Binds a timestamp: a {@code TIMESTAMP WITH TIME ZONE} in UTC on PostgreSQL and H2, milliseconds
   * since the epoch on SQLite (which db-scheduler's timestamps use there too).
   */
  public static void bindInstant(PreparedStatement s, int index, Instant instant, Dialect dialect)
      throws SQLException {
    if (instant == null) {
      s.setNull(index, Types.NULL);
    } else if (dialect.timestampsAsMillis()) {
      s.setLong(index, instant.toEpochMilli());
    } else {
      s.setObject(index, time(instant));
    }
  }

  /** Executes one update statement on {@code c}; returns the count of rows it changed. */
  public static int execute(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, Arrays.asList(args)); // nulls are values here
      return s.executeUpdate();
    }
  }

  /** Whether {@code sql} with {@code args} finds a row. */
  public static boolean exists(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, Arrays.asList(args));
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  public static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  /** A timestamp column, however its dialect stores it ({@link #bindInstant}); null for NULL. */
  public static Instant instant(ResultSet r, String column) throws SQLException {
    Object value = r.getObject(column);
    if (value == null) {
      return null;
    }
    if (value instanceof Number millis) {
      return Instant.ofEpochMilli(millis.longValue());
    }
    return r.getObject(column, OffsetDateTime.class).toInstant();
  }

  /**
   * Whether {@code e} is a unique-key violation (PostgreSQL and H2: SQLState 23505; SQLite: a
   * UNIQUE or PRIMARY KEY constraint).
   */
  public static boolean isUniqueViolation(SQLException e) {
    if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
      return true;
    }
    String message = String.valueOf(e.getMessage());
    return message.contains("SQLITE_CONSTRAINT_UNIQUE")
        || message.contains("SQLITE_CONSTRAINT_PRIMARYKEY");
  }

  public static Integer integer(ResultSet r, String column) throws SQLException {
    int value = r.getInt(column);
    return r.wasNull() ? null : value;
  }

  /**
   * Whether {@code e} says the connection or the server failed for now (a restart, a lost
   * connection, a pool that timed out, a deadlock or serialization failure): worth one more try
   * once the database answers again.
   */
  public static boolean isTransient(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException sql
          && String.valueOf(sql.getMessage()).matches("(?s).*SQLITE_(BUSY|LOCKED).*")) {
        return true; // another writer held the database past the busy timeout
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08")
            || state.startsWith("57P")
            || state.equals("40001")
            || state.equals("40P01")
            || state.equals("HYT00")) {
          return true;
        }
      }
    }
    return false;
  }

  public static DatabaseException failure(String what, SQLException e) {
    return new DatabaseException("cannot " + what + ": " + e.getMessage(), e);
  }
}
