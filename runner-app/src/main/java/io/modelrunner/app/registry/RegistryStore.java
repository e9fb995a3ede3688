package io.modelrunner.app.registry;

import io.modelrunner.api.adapter.RegistryEntry;
import io.modelrunner.api.adapter.RegistryStatus;
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
import java.util.List;
import java.util.Optional;

/** The registry's rows, over JDBC. Stores what adapters said; knows nothing of expiry. */
public final class RegistryStore {
  private static final String COLUMNS =
      "id, name, version, uri, max_workers, used_workers, owner, status, last_seen";

  private final Database database;

  public RegistryStore(Database database) {
    this.database = database;
  }

  /**
   * Inserts, or updates the entry with the same {@code uri}; returns the stored entry. Safe against
   * concurrent upserts and deletes of the same {@code uri}: a lost race is retried.
   */
  public RegistryEntry upsertByUri(Registration registration, Instant now) {
    SQLException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try (Connection connection = database.connection()) {
        Optional<RegistryEntry> existing = findByUri(connection, registration.uri());
        if (existing.isPresent()) {
          long id = existing.get().id();
          if (update(connection, id, registration, now) > 0) {
            Optional<RegistryEntry> stored = findById(connection, id);
            if (stored.isPresent()) {
              return stored.get();
            }
          }
          continue; // deleted meanwhile: insert it again
        }
        Optional<RegistryEntry> inserted = insert(connection, registration, now);
        if (inserted.isPresent()) {
          return inserted.get();
        }
      } catch (SQLException e) {
        if (!Jdbc.isUniqueViolation(e)) {
          throw failure("register " + registration.uri(), e);
        }
        last = e; // a concurrent upsert of the same uri won the insert: update it instead
      }
    }
    throw failure(
        "register " + registration.uri() + " (too many concurrent changes of that uri)",
        last == null ? new SQLException("retries exhausted") : last);
  }

  /** How many entries there are, live or not. */
  public int count() {
    try (Connection connection = database.connection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT COUNT(*) FROM registry_entry");
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getInt(1);
    } catch (SQLException e) {
      throw failure("count the registry entries", e);
    }
  }

  public List<RegistryEntry> findAll() {
    try (Connection connection = database.connection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT " + COLUMNS + " FROM registry_entry ORDER BY id");
        ResultSet rows = statement.executeQuery()) {
      List<RegistryEntry> entries = new ArrayList<>();
      while (rows.next()) {
        entries.add(read(rows));
      }
      return entries;
    } catch (SQLException e) {
      throw failure("list the registry", e);
    }
  }

  public Optional<RegistryEntry> findById(long id) {
    try (Connection connection = database.connection()) {
      return findById(connection, id);
    } catch (SQLException e) {
      throw failure("read registry entry " + id, e);
    }
  }

  /**
   * Replaces entry {@code id} with {@code registration}, refreshing {@code last_seen}.
   *
   * @return the stored entry, or empty when there is no entry {@code id}
   * @throws UriTakenException when another entry already has the new {@code uri}
   */
  public Optional<RegistryEntry> replace(long id, Registration registration, Instant now) {
    try (Connection connection = database.connection()) {
      if (update(connection, id, registration, now) == 0) {
        return Optional.empty();
      }
      return findById(connection, id);
    } catch (SQLException e) {
      if (Jdbc.isUniqueViolation(e)) {
        throw new UriTakenException(registration.uri());
      }
      throw failure("update registry entry " + id, e);
    }
  }

  /** Deletes entry {@code id}; false when there was none. */
  public boolean delete(long id) {
    try (Connection connection = database.connection();
        PreparedStatement statement =
            connection.prepareStatement("DELETE FROM registry_entry WHERE id = ?")) {
      statement.setLong(1, id);
      return statement.executeUpdate() > 0;
    } catch (SQLException e) {
      throw failure("delete registry entry " + id, e);
    }
  }

  private static Optional<RegistryEntry> findById(Connection connection, long id)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM registry_entry WHERE id = ?")) {
      statement.setLong(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  private static Optional<RegistryEntry> findByUri(Connection connection, String uri)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM registry_entry WHERE uri = ?")) {
      statement.setString(1, uri);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  private static Optional<RegistryEntry> insert(Connection connection, Registration r, Instant now)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO registry_entry (name, version, uri, max_workers, used_workers, owner,"
                + " status, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            new String[] {"id"})) {
      bind(statement, r, now);
      statement.executeUpdate();
      try (ResultSet keys = statement.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("the database returned no generated id");
        }
        return findById(connection, keys.getLong(1));
      }
    }
  }

  private static int update(Connection connection, long id, Registration r, Instant now)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE registry_entry SET name = ?, version = ?, uri = ?, max_workers = ?,"
                + " used_workers = ?, owner = ?, status = ?, last_seen = ? WHERE id = ?")) {
      bind(statement, r, now);
      statement.setLong(9, id);
      return statement.executeUpdate();
    }
  }

  private static void bind(PreparedStatement statement, Registration r, Instant now)
      throws SQLException {
    statement.setString(1, r.name());
    statement.setString(2, r.version());
    statement.setString(3, r.uri());
    statement.setInt(4, r.maxWorkers());
    statement.setInt(5, r.usedWorkers());
    statement.setString(6, r.owner());
    statement.setString(7, r.status().name());
    Jdbc.bindInstant(statement, 8, now, Dialect.of(statement.getConnection()));
  }

  private static RegistryEntry read(ResultSet rows) throws SQLException {
    return new RegistryEntry(
        rows.getLong("id"),
        rows.getString("name"),
        rows.getString("version"),
        rows.getString("uri"),
        rows.getInt("max_workers"),
        rows.getInt("used_workers"),
        rows.getString("owner"),
        RegistryStatus.valueOf(rows.getString("status")),
        Jdbc.instant(rows, "last_seen"));
  }

  private DatabaseException failure(String what, SQLException e) {
    return new DatabaseException(
        "cannot " + what + " in " + database.config().describe() + ": " + e.getMessage(), e);
  }
}
