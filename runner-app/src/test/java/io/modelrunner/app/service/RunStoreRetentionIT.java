package io.modelrunner.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.app.db.Database;
import io.modelrunner.app.db.DatabaseConfig;
import io.modelrunner.app.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code runs.retention}: ended runs past it are deleted with their history, in bounded batches,
 * oldest first; queued and running runs stay whatever their age. On every database.
 */
class RunStoreRetentionIT {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final ObjectNode FAILED =
      JsonMappers.standard().createObjectNode().put("kind", "model-error").put("message", "m");

  @TempDir Path dir;
  private DatabaseConfig config;

  @AfterEach
  void drop() {
    TestDatabases.drop(config);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "postgresql", "h2"})
  void endedRunsOlderThanTheCutOffAreDeletedWithTheirHistoryAndNothingElse(String kind) {
    config = TestDatabases.of(kind, dir);
    try (Database database = Database.open(config)) {
      RunStore store = new RunStore(database);
      OutboxStore outbox = new OutboxStore(database);
      StoredRuns.ended(store, "old-complete", RunState.COMPLETE, null, T0);
      StoredRuns.ended(store, "old-failed", RunState.FAILED, FAILED, T0.plusSeconds(60));
      StoredRuns.ended(store, "recent", RunState.COMPLETE, null, T0.plus(Duration.ofDays(40)));
      StoredRuns.queued(store, "old-queued", T0.minus(Duration.ofDays(400)));
      StoredRuns.queued(store, "old-running", T0.minus(Duration.ofDays(400)));
      assertThat(store.claim("old-running", "node-a", T0)).isPresent();
      Instant cutOff = T0.plus(Duration.ofDays(10));

      assertThat(store.purgeEndedBefore(cutOff, 1)).as("bounded: one run per call").isEqualTo(1);
      assertThat(store.find("old-complete")).as("the oldest goes first").isEmpty();
      assertThat(store.find("old-failed")).isPresent();
      assertThat(store.purgeEndedBefore(cutOff, 100)).isEqualTo(1);
      assertThat(store.purgeEndedBefore(cutOff, 100)).isZero();

      assertThat(store.find("old-failed")).isEmpty();
      assertThat(store.stages("old-failed")).as("history goes with the run").isEmpty();
      assertThat(outbox.forRun("old-failed")).as("callback events go with the run").isEmpty();
      assertThat(outbox.forRun("recent")).hasSize(1);
      assertThat(store.find("recent")).isPresent();
      assertThat(store.stages("recent")).hasSize(1);
      assertThat(store.find("old-queued").orElseThrow().state()).isEqualTo(RunState.QUEUED);
      assertThat(store.find("old-running").orElseThrow().state()).isEqualTo(RunState.RUNNING);
    }
  }
}
