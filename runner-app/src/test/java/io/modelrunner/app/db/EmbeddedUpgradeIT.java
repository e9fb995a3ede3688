package io.modelrunner.app.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.api.adapter.Registration;
import io.modelrunner.api.adapter.RegistryEntry;
import io.modelrunner.api.adapter.RegistryStatus;
import io.modelrunner.app.registry.RegistryStore;
import io.modelrunner.app.service.NewRun;
import io.modelrunner.app.service.OutboxStore;
import io.modelrunner.app.service.RunState;
import io.modelrunner.app.service.RunStore;
import io.modelrunner.app.service.StoredRun;
import io.modelrunner.core.callback.CallbackEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder of an earlier version (the embedded H2 database) moves to the embedded SQLite
 * database on the first start: every run, stage, callback event and registry entry is there
 * afterwards with the same values, the H2 file is kept under a new name, and a second start does
 * nothing more.
 */
class EmbeddedUpgradeIT {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");

  @TempDir Path dir;

  @Test
  void theH2DatabaseOfAnEarlierVersionIsCopiedIntoSqliteOnceAndKept() throws Exception {
    String registryId;
    try (Database h2 = Database.open(DatabaseConfig.legacyEmbedded(dir))) {
      RunStore runs = new RunStore(h2);
      runs.insertIfAbsent(
          new NewRun("run-a", "req-a", "seir", "img:1", "0".repeat(64), "{}", "http://x", T0));
      runs.insertIfAbsent(
          new NewRun("run-b", "req-b", "seir", "img:1", "1".repeat(64), "{}", null, T0));
      RunStore.Claim claim = runs.claim("run-a", "node-1", T0.plusSeconds(1)).orElseThrow();
      assertThat(runs.enterStage(claim, "execute", T0.plusSeconds(2))).isTrue();
      assertThat(
              runs.finish(
                  claim,
                  RunState.COMPLETE,
                  null,
                  List.of(),
                  List.of("a warning"),
                  T0.plusSeconds(3),
                  new OutboxStore.Event(
                      CallbackEvent.idFor("run-a", "final"),
                      "run-a",
                      2,
                      "final",
                      "req-a",
                      "http://x",
                      "{\"status\":\"complete\"}",
                      OutboxStore.State.DELIVERED,
                      1,
                      200,
                      "",
                      false,
                      T0.plusSeconds(3),
                      T0.plusSeconds(86_403),
                      null,
                      T0.plusSeconds(4),
                      T0.plusSeconds(4))))
          .isTrue();
      registryId =
          new RegistryStore(h2)
              .upsertByUri(
                  new Registration(
                      "seir", "1", "http://adapter:9000", 2, 0, "me", RegistryStatus.READY),
                  T0)
              .id();
    }
    assertThat(DatabaseConfig.legacyEmbeddedFile(dir)).exists();

    assertThat(EmbeddedUpgrade.runIfNeeded(dir))
        .hasValueSatisfying(n -> assertThat(n).isPositive());

    assertThat(DatabaseConfig.legacyEmbeddedFile(dir)).doesNotExist();
    try (var kept = Files.list(dir)) {
      assertThat(kept.map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.startsWith("model-runner.mv.db.upgraded-"));
    }
    try (Database sqlite = Database.open(DatabaseConfig.embedded(dir))) {
      RunStore runs = new RunStore(sqlite);
      StoredRun a = runs.find("run-a").orElseThrow();
      assertThat(a.state()).isEqualTo(RunState.COMPLETE);
      assertThat(a.nodeId()).isEqualTo("node-1");
      assertThat(a.claimEpoch()).isEqualTo(1);
      assertThat(a.createdAt()).isEqualTo(T0);
      assertThat(a.finishedAt()).isEqualTo(T0.plusSeconds(3));
      assertThat(a.warnings()).containsExactly("a warning");
      assertThat(runs.find("run-b").orElseThrow().state()).isEqualTo(RunState.QUEUED);
      assertThat(runs.list(null, null, null, 10, null))
          .extracting(StoredRun::runId)
          .as("dispatch order kept")
          .containsExactly("run-b", "run-a");
      assertThat(runs.stages("run-a")).hasSize(1);
      assertThat(new OutboxStore(sqlite).forRun("run-a"))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.state()).isEqualTo(OutboxStore.State.DELIVERED);
                assertThat(e.deliveredAt()).isEqualTo(T0.plusSeconds(4));
              });
      List<RegistryEntry> entries = new RegistryStore(sqlite).findAll();
      assertThat(entries)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.registration().name()).isEqualTo("seir");
                assertThat(e.id()).as("the UUID id is kept").isEqualTo(registryId);
              });

      // A new run after the move gets the next place in the dispatch order.
      runs.insertIfAbsent(
          new NewRun("run-c", "req-c", "seir", "img:1", "2".repeat(64), "{}", null, T0));
      assertThat(runs.find("run-c").orElseThrow().seq())
          .isGreaterThan(runs.find("run-b").orElseThrow().seq());
    }

    assertThat(EmbeddedUpgrade.runIfNeeded(dir)).as("once").isEmpty();
  }
}
