package io.modelrunner.app.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.app.testing.TestDatabases;
import java.net.ServerSocket;
import java.nio.file.Path;
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
