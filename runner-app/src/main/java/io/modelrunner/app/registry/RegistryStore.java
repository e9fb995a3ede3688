package io.modelrunner.app.registry;

import io.modelrunner.api.adapter.Registration;
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
import java.util.UUID;

/**
 * The registry's rows, over JDBC. Stores what adapters said; knows nothing of expiry. Entries have
 * a random UUID string as their id (given here, on insert) and are listed in registration order
 * (the {@code seq} column).
 */
public final class RegistryStore {
  private static final String COLUMNS =
      "id, name, version, uri, max_workers, used_workers, owner, status, last_seen";

  private final Database database;

  public RegistryStore(Database database) {
    this.database = database;
  }

  /**
   * Who registered an entry, as the store keeps it; {@code owner} is null for entries registered
   * before owners were recorded (or by the service itself).
   */
  public record Owned(RegistryEntry entry, String owner) {}

  /**
   * Decides whether a caller may change an existing entry; throws {@link NotOwnerException} when it
   * may not.
   */
  @FunctionalInterface
  public interface ChangeRule {
    void check(Owned existing);

    /** Any change is allowed (the service itself, tests). */
    ChangeRule ANYONE = existing -> {};
  }

  /**
   * Inserts, or updates the entry with the same {@code uri}; returns the stored entry. Safe against
   * concurrent upserts and deletes of the same {@code uri}: a lost race is retried.
   */
  public RegistryEntry upsertByUri(Registration registration, Instant now) {
    return upsertByUri(registration, now, null, ChangeRule.ANYONE);
  }

  /**
   * Inserts, or updates the entry with the same {@code uri} if {@code rule} allows it; the entry's
   * owner becomes {@code owner}. The owner read is the owner replaced (a compare-and-set), so a
   * concurrent change of owner is retried, never overwritten.
   *
   * @param owner the registering client's address, recorded as the entry's owner (null: a new entry
   *     has none, an existing one keeps its own)
   * @throws NotOwnerException when {@code rule} refuses the change of an existing entry
   */
  public RegistryEntry upsertByUri(
      Registration registration, Instant now, String owner, ChangeRule rule) {
    SQLException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try (Connection connection = database.connection()) {
        Optional<Owned> existing = findOwnedByUri(connection, registration.uri());
        if (existing.isPresent()) {
          rule.check(existing.get());
          String id = existing.get().entry().id();
          String current = existing.get().owner();
          if (update(connection, id, registration, now, current, owner == null ? current : owner)
              > 0) {
            Optional<RegistryEntry> stored = findById(connection, id);
            if (stored.isPresent()) {
              return stored.get();
            }
          }
          continue; // deleted or taken over meanwhile: look again
        }
        Optional<RegistryEntry> inserted = insert(connection, registration, now, owner);
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
            connection.prepareStatement("SELECT " + COLUMNS + " FROM registry_entry ORDER BY seq");
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

  /** Entry {@code id}. */
  public Optional<RegistryEntry> findById(String id) {
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
  public Optional<RegistryEntry> replace(String id, Registration registration, Instant now) {
    return replace(id, registration, now, null, ChangeRule.ANYONE);
  }

  /**
   * Replaces entry {@code id} with {@code registration} if {@code rule} allows it, refreshing
   * {@code last_seen}. The owner stays; an entry without one gets {@code claimant}.
   *
   * @return the stored entry, or empty when there is no entry {@code id}
   * @throws UriTakenException when another entry already has the new {@code uri}
   * @throws NotOwnerException when {@code rule} refuses
   */
  public Optional<RegistryEntry> replace(
      String id, Registration registration, Instant now, String claimant, ChangeRule rule) {
    for (int attempt = 0; attempt < 5; attempt++) {
      try (Connection connection = database.connection()) {
        Optional<Owned> existing =
            findOwned(connection, "id = ?", statement -> statement.setString(1, id));
        if (existing.isEmpty()) {
          return Optional.empty();
        }
        rule.check(existing.get());
        String owner = existing.get().owner();
        if (update(connection, id, registration, now, owner, owner == null ? claimant : owner)
            > 0) {
          return findById(connection, id);
        }
        // deleted or claimed meanwhile: look again
      } catch (SQLException e) {
        if (Jdbc.isUniqueViolation(e)) {
          throw new UriTakenException(registration.uri());
        }
        throw failure("update registry entry " + id, e);
      }
    }
    throw failure(
        "update registry entry " + id + " (too many concurrent changes)",
        new SQLException("retries exhausted"));
  }

  /** Deletes entry {@code id}; false when there was none. */
  public boolean delete(String id) {
    return delete(id, ChangeRule.ANYONE);
  }

  /**
   * Deletes entry {@code id} if {@code rule} allows it; false when there was none.
   *
   * @throws NotOwnerException when {@code rule} refuses
   */
  public boolean delete(String id, ChangeRule rule) {
    for (int attempt = 0; attempt < 5; attempt++) {
      try (Connection connection = database.connection()) {
        Optional<Owned> existing =
            findOwned(connection, "id = ?", statement -> statement.setString(1, id));
        if (existing.isEmpty()) {
          return false;
        }
        rule.check(existing.get());
        try (PreparedStatement statement =
            connection.prepareStatement(
                "DELETE FROM registry_entry WHERE id = ? AND " + OWNER_IS)) {
          statement.setString(1, id);
          bindOwner(statement, 2, existing.get().owner());
          if (statement.executeUpdate() > 0) {
            return true;
          }
        }
        // claimed meanwhile: look again
      } catch (SQLException e) {
        throw failure("delete registry entry " + id, e);
      }
    }
    throw failure(
        "delete registry entry " + id + " (too many concurrent changes)",
        new SQLException("retries exhausted"));
  }

  private static Optional<RegistryEntry> findById(Connection connection, String id)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM registry_entry WHERE id = ?")) {
      statement.setString(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  private static Optional<Owned> findOwnedByUri(Connection connection, String uri)
      throws SQLException {
    return findOwned(connection, "uri = ?", statement -> statement.setString(1, uri));
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private static Optional<Owned> findOwned(Connection connection, String where, Binder binder)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT " + COLUMNS + ", registered_by FROM registry_entry WHERE " + where)) {
      binder.bind(statement);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next()
            ? Optional.of(new Owned(read(rows), rows.getString("registered_by")))
            : Optional.empty();
      }
    }
  }

  private static Optional<RegistryEntry> insert(
      Connection connection, Registration r, Instant now, String registeredBy) throws SQLException {
    String id = UUID.randomUUID().toString();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO registry_entry (name, version, uri, max_workers, used_workers, owner,"
                + " status, last_seen, registered_by, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      bind(statement, r, now);
      statement.setString(9, registeredBy);
      statement.setString(10, id);
      statement.executeUpdate();
    }
    return findById(connection, id);
  }

  /**
   * Updates entry {@code id} if its owner is still {@code expectedOwner}, making it {@code
   * newOwner}; 0 when the entry is gone or its owner changed.
   */
  private static int update(
      Connection connection,
      String id,
      Registration r,
      Instant now,
      String expectedOwner,
      String newOwner)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE registry_entry SET name = ?, version = ?, uri = ?, max_workers = ?,"
                + " used_workers = ?, owner = ?, status = ?, last_seen = ?, registered_by = ?"
                + " WHERE id = ? AND "
                + OWNER_IS)) {
      bind(statement, r, now);
      statement.setString(9, newOwner);
      statement.setString(10, id);
      bindOwner(statement, 11, expectedOwner);
      return statement.executeUpdate();
    }
  }

  /** The owner condition: {@code registered_by} equals a value, both possibly null. */
  private static final String OWNER_IS =
      "(registered_by = ? OR (registered_by IS NULL AND CAST(? AS VARCHAR(64)) IS NULL))";

  private static void bindOwner(PreparedStatement statement, int index, String owner)
      throws SQLException {
    statement.setString(index, owner);
    statement.setString(index + 1, owner);
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
        rows.getString("id"),
        new Registration(
            rows.getString("name"),
            rows.getString("version"),
            rows.getString("uri"),
            rows.getInt("max_workers"),
            rows.getInt("used_workers"),
            rows.getString("owner"),
            RegistryStatus.valueOf(rows.getString("status"))),
        Jdbc.instant(rows, "last_seen"));
  }

  private DatabaseException failure(String what, SQLException e) {
    return new DatabaseException(
        "cannot " + what + " in " + database.config().describe() + ": " + e.getMessage(), e);
  }
}
