package io.modelrunner.app.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-time move of a data folder from the embedded H2 database of versions before 0.2 ({@code
 * model-runner.mv.db}) to the embedded SQLite database ({@code model-runner.db}): when a data
 * folder has the first and not the second, the H2 database is migrated to the current schema, every
 * row of every table is copied into a new SQLite database in one transaction, and the H2 file is
 * renamed {@code model-runner.mv.db.upgraded-<instant>} (kept, not deleted). A failed copy leaves
 * no SQLite file behind and stops the start with a message; the H2 file is untouched then.
 */
public final class EmbeddedUpgrade {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedUpgrade.class);

  /** The tables, parents before children; both schemas have the same columns by name. */
  static final List<String> TABLES =
      List.of(
          "registry_entry", "run", "run_stage", "callback_event", "scheduled_tasks", "runner_node");

  private EmbeddedUpgrade() {}

  /**
   * Moves {@code dataDir}'s H2 database into SQLite when it has one and no SQLite database yet.
   *
   * @return how many rows were copied, or empty when there was nothing to move
   * @throws DatabaseException when the move failed (nothing changed)
   */
  public static Optional<Long> runIfNeeded(Path dataDir) {
    Path legacy = DatabaseConfig.legacyEmbeddedFile(dataDir);
    Path target = DatabaseConfig.embeddedFile(dataDir);
    if (!Files.isRegularFile(legacy) || Files.exists(target)) {
      return Optional.empty();
    }
    LOG.info(
        "moving the embedded database {} (H2, versions before 0.2) to {} (SQLite)", legacy, target);
    long rows;
    try (Database from = Database.open(DatabaseConfig.legacyEmbedded(dataDir));
        Database to = Database.open(DatabaseConfig.embedded(dataDir))) {
      rows = to.transaction("copy the H2 database into SQLite", true, c -> copy(from, c));
    } catch (RuntimeException e) {
      deleteQuietly(target);
      deleteQuietly(target.resolveSibling(target.getFileName() + "-wal"));
      deleteQuietly(target.resolveSibling(target.getFileName() + "-shm"));
      throw new DatabaseException(
          "cannot move the embedded database "
              + legacy
              + " to SQLite; it is unchanged: "
              + e.getMessage(),
          e);
    }
    Path kept =
        legacy.resolveSibling(
            legacy.getFileName()
                + ".upgraded-"
                + DateTimeFormatter.ISO_INSTANT.format(Instant.now()).replace(':', '-'));
    try {
      Files.move(legacy, kept);
    } catch (IOException e) {
      throw new DatabaseException(
          "copied " + legacy + " into " + target + " but cannot rename it to " + kept, e);
    }
    LOG.info("moved {} row(s) into {}; the H2 file is kept as {}", rows, target, kept);
    return Optional.of(rows);
  }

  private static long copy(Database from, Connection to) throws SQLException {
    long copied = 0;
    for (String table : TABLES) {
      copied += from.query("read " + table, c -> copyTable(c, to, table));
    }
    return copied;
  }

  private static long copyTable(Connection from, Connection to, String table) throws SQLException {
    try (PreparedStatement read = from.prepareStatement("SELECT * FROM " + table);
        ResultSet rows = read.executeQuery()) {
      ResultSetMetaData meta = rows.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT));
      }
      String insert =
          "INSERT INTO "
              + table
              + " ("
              + String.join(", ", columns)
              + ") VALUES ("
              + String.join(", ", java.util.Collections.nCopies(columns.size(), "?"))
              + ")";
      long n = 0;
      try (PreparedStatement write = to.prepareStatement(insert)) {
        while (rows.next()) {
          for (int i = 1; i <= columns.size(); i++) {
            Object value = rows.getObject(i);
            if (value instanceof OffsetDateTime t) {
              write.setLong(i, t.toInstant().toEpochMilli());
            } else if (value instanceof java.sql.Timestamp t) {
              write.setLong(i, t.toInstant().toEpochMilli());
            } else if (value == null) {
              write.setNull(i, java.sql.Types.NULL);
            } else {
              write.setObject(i, value);
            }
          }
          write.executeUpdate();
          n++;
        }
      }
      return n;
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", file, e.getMessage());
    }
  }
}
