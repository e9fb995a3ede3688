package io.modelrunner.app.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.api.adapter.Registration;
import io.modelrunner.api.adapter.RegistryEntry;
import io.modelrunner.api.adapter.RegistryStatus;
import io.modelrunner.app.db.Database;
import io.modelrunner.app.db.DatabaseConfig;
import io.modelrunner.app.db.Dialect;
import io.modelrunner.app.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Migration V7 on a database made by the previous schema (V6, integer registry ids): every entry
 * gets a distinct random UUID as its id and keeps its fields, its owner address and its place in
 * the listing order; registering afterwards works as on a new database.
 */
class RegistryMigrationIT {
  private static final Instant SEEN = Instant.parse("2026-11-30T08:00:00.123Z");

  @TempDir Path dir;
  private DatabaseConfig config;

  @AfterEach
  void drop() {
    TestDatabases.drop(config);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "h2", "postgresql"})
  void integerIdsOfTheEarlierSchemaBecomeUuidsKeepingEverythingElse(String kind) throws Exception {
    config = TestDatabases.of(kind, dir);
    Flyway.configure()
        .dataSource(config.url(), config.user(), config.password())
        .locations(config.dialect().migrations())
        .target("6")
        .load()
        .migrate();
    try (Connection c =
        DriverManager.getConnection(config.url(), config.user(), config.password())) {
      // ids given by the database, with a gap and out of name order, as a registry has them
      insertV6(c, config.dialect(), "gone", "http://gone:1", null);
      insertV6(c, config.dialect(), "zeta", "http://zeta:1", "10.0.0.7");
      insertV6(c, config.dialect(), "alpha", "http://alpha:1", null);
      try (PreparedStatement s =
          c.prepareStatement("DELETE FROM registry_entry WHERE name = 'gone'")) {
        assertThat(s.executeUpdate()).isEqualTo(1);
      }
      insertV6(c, config.dialect(), "beta", "http://beta:1", "10.0.0.8");
    }

    try (Database database = Database.open(config)) {
      RegistryStore store = new RegistryStore(database);
      List<RegistryEntry> entries = store.findAll();
      assertThat(entries)
          .extracting(e -> e.registration().name())
          .as("the order of the old ids")
          .containsExactly("zeta", "alpha", "beta");
      Set<String> ids = new HashSet<>();
      for (RegistryEntry e : entries) {
        assertThat(UUID.fromString(e.id()).version()).as(e.id()).isEqualTo(4);
        assertThat(UUID.fromString(e.id()).toString()).isEqualTo(e.id());
        ids.add(e.id());
        assertThat(e.lastSeen()).isEqualTo(SEEN);
        assertThat(e.registration().owner()).isEqualTo("team");
        assertThat(e.registration().maxWorkers()).isEqualTo(2);
        assertThat(e.registration().status()).isEqualTo(RegistryStatus.BUSY);
        assertThat(store.findById(e.id())).contains(e);
      }
      assertThat(ids).hasSize(3);
      assertThat(registeredBy(database, entries.get(0).id())).isEqualTo("10.0.0.7");
      assertThat(registeredBy(database, entries.get(1).id())).isNull();

      // New registrations: a new UUID, listed last, owner optional; upserts keep the old id.
      RegistryEntry added =
          store.upsertByUri(
              new Registration("new", "1", "mqtt://mmvib/new", 1, 0, null, null), SEEN);
      assertThat(ids).doesNotContain(added.id());
      assertThat(added.registration().owner()).isNull();
      RegistryEntry again =
          store.upsertByUri(
              new Registration("zeta", "2", "http://zeta:1", 1, 0, "team", null), SEEN);
      assertThat(again.id()).isEqualTo(entries.get(0).id());
      assertThat(store.findAll())
          .extracting(e -> e.registration().name())
          .containsExactly("zeta", "alpha", "beta", "new");
    }
  }

  /** A row as the V6 service inserted it: the database gives the integer id. */
  private static void insertV6(
      Connection c, Dialect dialect, String name, String uri, String registeredBy)
      throws Exception {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO registry_entry (name, version, uri, max_workers, used_workers, owner,"
                + " status, last_seen, registered_by) VALUES (?, '1.0', ?, 2, 1, 'team',"
                + " 'BUSY', ?, ?)")) {
      s.setString(1, name);
      s.setString(2, uri);
      if (dialect == Dialect.SQLITE) {
        s.setLong(3, SEEN.toEpochMilli());
      } else {
        s.setObject(3, OffsetDateTime.ofInstant(SEEN, ZoneOffset.UTC));
      }
      s.setString(4, registeredBy);
      s.executeUpdate();
    }
  }

  private static String registeredBy(Database database, String id) throws Exception {
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement("SELECT registered_by FROM registry_entry WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rows = s.executeQuery()) {
        assertThat(rows.next()).isTrue();
        return rows.getString(1);
      }
    }
  }
}
