package io.modelrunner.app.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.app.testing.TestDatabases;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, migrating and describing the service's database. */
class DatabaseIT {
  @TempDir Path dir;

  @Test
  void theEmbeddedDatabaseIsMigratedOnOpenAndOpensAgain() throws Exception {
    DatabaseConfig config = TestDatabases.embedded(dir);
    assertThat(config.url())
        .isEqualTo("jdbc:sqlite:" + dir.toAbsolutePath().resolve("model-runner.db"));
    try (Database db = Database.open(config)) {
      assertThat(db.isReachable()).isTrue();
      try (Connection c = db.connection();
          ResultSet rows =
              c.createStatement().executeQuery("SELECT COUNT(*) FROM registry_entry")) {
        rows.next();
        assertThat(rows.getInt(1)).isZero();
      }
    }
    try (Database again = Database.open(config)) {
      assertThat(again.isReachable()).isTrue();
      assertThat(again.config()).isEqualTo(config);
    }
  }

  @Test
  void theEmbeddedDatabaseIsOwnerOnlyInAnOwnerOnlyFolder() throws Exception {
    Path data = dir.resolve("fresh/data");
    DatabaseConfig config = DatabaseConfig.embedded(data);
    assertThat(config.localFiles()).contains(data.toAbsolutePath().resolve("model-runner.db"));

    try (Database db = Database.open(config)) {
      assertThat(db.isReachable()).isTrue();
      assertThat(permissions(data)).isEqualTo("rwx------");
      assertThat(permissions(data.resolve("model-runner.db"))).isEqualTo("rw-------");
      for (String beside : new String[] {"model-runner.db-wal", "model-runner.db-shm"}) {
        if (Files.exists(data.resolve(beside))) {
          assertThat(permissions(data.resolve(beside))).as(beside).isEqualTo("rw-------");
        }
      }
    }

    // a database file from before (rw-r--r--), and a write-ahead log beside it
    Files.setPosixFilePermissions(
        data.resolve("model-runner.db"), PosixFilePermissions.fromString("rw-r--r--"));
    Path wal = data.resolve("model-runner.db-wal");
    if (!Files.exists(wal)) {
      Files.createFile(wal); // an empty log: no frames
    }
    Files.setPosixFilePermissions(wal, PosixFilePermissions.fromString("rw-r--r--"));
    Path other = Files.writeString(data.resolve("unrelated.txt"), "x");
    Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-r--r--"));
    try (Database again = Database.open(config)) {
      assertThat(again.isReachable()).isTrue();
      assertThat(permissions(data.resolve("model-runner.db"))).isEqualTo("rw-------");
      assertThat(permissions(wal)).isEqualTo("rw-------");
    }
    assertThat(permissions(other)).as("not the database's").isEqualTo("rw-r--r--");
  }

  @Test
  void anEmbeddedH2DatabaseOfEarlierVersionsIsOwnerOnlyToo() throws Exception {
    Path data = dir.resolve("h2/data");
    DatabaseConfig config = DatabaseConfig.legacyEmbedded(data);
    assertThat(config.localFiles()).contains(data.toAbsolutePath().resolve("model-runner."));

    try (Database db = Database.open(config)) {
      assertThat(permissions(data)).isEqualTo("rwx------");
      assertThat(permissions(data.resolve("model-runner.mv.db"))).isEqualTo("rw-------");
    }
    Path trace = Files.writeString(data.resolve("model-runner.trace.db"), "trace");
    Files.setPosixFilePermissions(trace, PosixFilePermissions.fromString("rw-r--r--"));
    try (Database again = Database.open(config)) {
      assertThat(permissions(trace)).isEqualTo("rw-------");
    }
  }

  @Test
  void theLocalFilesOfADatabaseAreFoundFromItsUrl() {
    assertThat(
            new DatabaseConfig("jdbc:sqlite:/srv/d/x.db?journal_mode=WAL", "", "", 1).localFiles())
        .contains(Path.of("/srv/d/x.db"));
    assertThat(new DatabaseConfig("jdbc:sqlite:file:/srv/d/x.db", "", "", 1).localFiles())
        .contains(Path.of("/srv/d/x.db"));
    assertThat(new DatabaseConfig("jdbc:sqlite::memory:", "", "", 1).localFiles()).isEmpty();
    assertThat(new DatabaseConfig("jdbc:h2:retry:file:/srv/d/db;X=1", "u", "p", 1).localFiles())
        .contains(Path.of("/srv/d/db."));
    assertThat(new DatabaseConfig("jdbc:h2:split:28:nio:/srv/d/db", "u", "p", 1).localFiles())
        .contains(Path.of("/srv/d/db."));
    assertThat(new DatabaseConfig("jdbc:h2:tcp://h/db", "u", "p", 1).localFiles()).isEmpty();
    assertThat(new DatabaseConfig("jdbc:h2:mem:x", "u", "p", 1).localFiles()).isEmpty();
    assertThat(new DatabaseConfig("jdbc:postgresql://db/x", "u", "p", 1).localFiles()).isEmpty();
  }

  private static String permissions(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void anUnreachableDatabaseFailsNamingItWithoutCredentials() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    DatabaseConfig config =
        new DatabaseConfig(
            "jdbc:postgresql://127.0.0.1:" + port + "/runs?password=hunter2&connectTimeout=1",
            "runner",
            "s3cret",
            2);
    assertThatThrownBy(() -> Database.open(config))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:" + port + "/runs?…")
        .hasMessageNotContaining("hunter2")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void aPostgresPasswordInTheQueryOrTheAuthorityOfTheUrlConnects() {
    DatabaseConfig fresh = TestDatabases.freshPostgres();
    try {
      String url = fresh.url();
      String withQuery = url + "?password=" + TestDatabases.PASSWORD;
      String withAuthority =
          url.replace(
              "postgresql://", "postgresql://" + TestDatabases.USER + ":" + fresh.password() + "@");
      for (DatabaseConfig config :
          new DatabaseConfig[] {
            new DatabaseConfig(withQuery, TestDatabases.USER, "", 2),
            new DatabaseConfig(withAuthority, "", "", 2)
          }) {
        try (Database db = Database.open(config)) {
          assertThat(db.isReachable()).as(config.describe()).isTrue();
        }
      }
    } finally {
      TestDatabases.drop(fresh);
    }
  }

  @Test
  void theConfigurationRefusesOtherDatabasesAndNeverShowsThePassword() {
    assertThatThrownBy(() -> new DatabaseConfig("jdbc:mysql://db/x?password=p", "u", "p", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("password=p");
    assertThatThrownBy(() -> new DatabaseConfig("jdbc:h2:mem:x", "u", "p", 0))
        .isInstanceOf(IllegalArgumentException.class);
    DatabaseConfig config =
        new DatabaseConfig("jdbc:postgresql://db:5432/runs?password=hunter2", "u", "s3cret", 4);
    assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("s3cret");
    assertThat(config.describe()).isEqualTo("jdbc:postgresql://db:5432/runs?…");
    assertThat(config.isPostgres()).isTrue();
    DatabaseConfig defaults = new DatabaseConfig("jdbc:h2:mem:x", null, null, 1);
    assertThat(defaults.user()).isEmpty();
    assertThat(defaults.password()).isEmpty();
    assertThat(DatabaseConfig.legacyEmbedded(dir).url())
        .as("H2: written at commit, and not closed by an interrupted thread")
        .startsWith("jdbc:h2:retry:file:")
        .contains("MODE=PostgreSQL")
        .endsWith(";WRITE_DELAY=0");
    assertThat(new DatabaseConfig("jdbc:h2:file:/srv/db;MODE=PostgreSQL", "", "", 1).url())
        .isEqualTo("jdbc:h2:retry:file:/srv/db;MODE=PostgreSQL;WRITE_DELAY=0");
    assertThat(new DatabaseConfig("jdbc:h2:file:/srv/db;write_delay=100", "", "", 1).url())
        .as("an explicit write delay is the operator's choice")
        .isEqualTo("jdbc:h2:retry:file:/srv/db;write_delay=100");
  }
}
