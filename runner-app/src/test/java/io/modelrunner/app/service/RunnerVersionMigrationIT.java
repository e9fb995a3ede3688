package io.modelrunner.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.app.db.Database;
import io.modelrunner.app.db.DatabaseConfig;
import io.modelrunner.app.db.Dialect;
import io.modelrunner.app.testing.TestDatabases;
import io.modelrunner.core.engine.ModelIdentity;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Migration V8 on a database made by the previous schema (V7): a run prepared before it keeps its
 * identity and has no runner version; the identity recorded afterwards carries the version of the
 * runner that recorded it.
 */
class RunnerVersionMigrationIT {
  private static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir Path dir;
  private DatabaseConfig config;

  @AfterEach
  void drop() {
    TestDatabases.drop(config);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "h2", "postgresql"})
  void runsOfTheEarlierSchemaHaveNoRunnerVersionAndNewIdentitiesRecordIt(String kind)
      throws Exception {
    config = TestDatabases.of(kind, dir);
    Flyway.configure()
        .dataSource(config.url(), config.user(), config.password())
        .locations(config.dialect().migrations())
        .target("7")
        .load()
        .migrate();
    try (Connection c =
        DriverManager.getConnection(config.url(), config.user(), config.password())) {
      insertV7(c, config.dialect());
    }

    try (Database database = Database.open(config)) {
      RunStore store = new RunStore(database);
      StoredRun old = store.find("old-run").orElseThrow();
      assertThat(old.identity())
          .isEqualTo(
              new ModelIdentity("docker", "local/seir:1", "sha256:0ld", "seir@sha256:d1", "1.2"));
      assertThat(old.runnerVersion()).isNull();

      RunStore.Claim oldClaim = new RunStore.Claim("old-run", "node-old", 1);
      assertThat(store.recordIdentity(oldClaim, old.identity(), "0.3.0", "prefix/old")).isTrue();
      assertThat(store.find("old-run").orElseThrow().runnerVersion()).isEqualTo("0.3.0");

      StoredRuns.queued(store, "new-run", CREATED.plusSeconds(60));
      RunStore.Claim claim =
          store.claim("new-run", "node-new", CREATED.plusSeconds(61)).orElseThrow();
      ModelIdentity identity =
          new ModelIdentity("process", "local/seir:1", "sha256:n3w", null, null);
      assertThat(store.recordIdentity(claim, identity, "0.4.0-SNAPSHOT", "prefix/new")).isTrue();
      StoredRun fresh = store.find("new-run").orElseThrow();
      assertThat(fresh.identity()).isEqualTo(identity);
      assertThat(fresh.runnerVersion()).isEqualTo("0.4.0-SNAPSHOT");
      assertThat(fresh.storePrefix()).isEqualTo("prefix/new");

      // A claim that no longer holds records nothing.
      RunStore.Claim stale = new RunStore.Claim("new-run", "node-new", claim.epoch() - 1);
      assertThat(store.recordIdentity(stale, identity, "9.9.9", "x")).isFalse();
      assertThat(store.find("new-run").orElseThrow().runnerVersion()).isEqualTo("0.4.0-SNAPSHOT");
    }
  }

  /** A RUNNING run whose identity the V7 service recorded. */
  private static void insertV7(Connection c, Dialect dialect) throws Exception {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO run (run_id, request_id, model_slug, image, request_sha256, request_json,"
                + " state, stage, node_id, claim_epoch, engine, image_id, image_digest,"
                + " image_version, created_at) VALUES ('old-run', 'req-old', 'seir',"
                + " 'local/seir:1', ?, '{}', 'RUNNING', 'execute', 'node-old', 1, 'docker',"
                + " 'sha256:0ld', 'seir@sha256:d1', '1.2', ?)")) {
      s.setString(1, "0".repeat(64));
      if (dialect == Dialect.SQLITE) {
        s.setLong(2, CREATED.toEpochMilli());
      } else {
        s.setObject(2, OffsetDateTime.ofInstant(CREATED, ZoneOffset.UTC));
      }
      s.executeUpdate();
    }
  }
}
