package io.modelrunner.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.app.config.Deadlines;
import io.modelrunner.app.db.Database;
import io.modelrunner.app.db.DatabaseConfig;
import io.modelrunner.app.registry.MutableClock;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.pipeline.FailureReason;
import io.modelrunner.core.pipeline.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link Watchdog} and the {@link NodeHeartbeat} on a {@link FakeTicker}: each part runs at its
 * period and not before, a failing part does not stop the others, and the real parts (stage
 * deadlines, claim check, orphan requeue, retention purge, heartbeat) do their work when the ticker
 * says so.
 */
class WatchdogTest {
  private static final Duration TICK = Duration.ofSeconds(1);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;
  private final FakeTicker ticker = new FakeTicker();
  private final MutableClock clock = new MutableClock(T0);
  private Database database;

  @BeforeEach
  void open() {
    database = Database.open(DatabaseConfig.embedded(dir));
  }

  @AfterEach
  void close() {
    database.close();
  }

  /** A part that counts its runs. */
  private static final class Counting implements WatchdogTask {
    final AtomicInteger runs = new AtomicInteger();
    private final Duration period;
    private final Duration firstAfter;

    Counting(Duration period, Duration firstAfter) {
      this.period = period;
      this.firstAfter = firstAfter;
    }

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public Duration period() {
      return period;
    }

    @Override
    public Duration firstAfter() {
      return firstAfter;
    }

    @Override
    public void run() {
      runs.incrementAndGet();
    }
  }

  private static Counting everyTick() {
    return new Counting(Duration.ZERO, Duration.ZERO);
  }

  private Watchdog started(WatchdogTask... tasks) {
    Watchdog watchdog = new Watchdog(ticker, TICK, List.of(tasks));
    watchdog.start();
    return watchdog;
  }

  @Test
  void aTickRunsTheEveryTickPartsOnceAnIntervalHasPassedAndNotBefore() {
    Counting part = everyTick();
    started(part);

    ticker.advance(Duration.ofMillis(999));
    assertThat(part.runs).hasValue(0);
    ticker.advance(Duration.ofMillis(1));
    assertThat(part.runs).hasValue(1);
    ticker.advance(Duration.ofSeconds(3));
    assertThat(part.runs).hasValue(4);
  }

  @Test
  void aPartWithAPeriodRunsFirstAfterItsDelayThenAtItsPeriod() {
    Counting reaperLike = new Counting(Duration.ofMinutes(1), Duration.ofMinutes(1));
    Counting purgeLike = new Counting(Duration.ofMinutes(10), Duration.ZERO);
    started(reaperLike, purgeLike);

    ticker.advance(TICK);
    assertThat(purgeLike.runs).as("due at the first tick").hasValue(1);
    assertThat(reaperLike.runs).hasValue(0);
    ticker.advance(Duration.ofSeconds(58));
    assertThat(reaperLike.runs).as("59 s after the start").hasValue(0);
    ticker.advance(TICK);
    assertThat(reaperLike.runs).hasValue(1);
    ticker.advance(Duration.ofSeconds(59));
    assertThat(reaperLike.runs).hasValue(1);
    ticker.advance(TICK);
    assertThat(reaperLike.runs).hasValue(2);
    assertThat(purgeLike.runs).hasValue(1);
    ticker.advance(Duration.ofMinutes(8));
    assertThat(purgeLike.runs).as("600 s after the start").hasValue(1);
    ticker.advance(TICK);
    assertThat(purgeLike.runs).as("10 min after its first run").hasValue(2);
  }

  @Test
  void aFailingPartDoesNotStopTheOthersNorLaterTicks() {
    Counting before = everyTick();
    Counting after = everyTick();
    WatchdogTask failing =
        new WatchdogTask() {
          @Override
          public String name() {
            return "failing";
          }

          @Override
          public void run() {
            throw new IllegalStateException("the database is away");
          }
        };
    started(before, failing, after);

    ticker.advance(Duration.ofSeconds(2));

    assertThat(before.runs).hasValue(2);
    assertThat(after.runs).hasValue(2);
  }

  @Test
  void aStoppedWatchdogRunsNothingMore() {
    Counting part = everyTick();
    Watchdog watchdog = started(part);
    ticker.advance(TICK);

    watchdog.stop();
    ticker.advance(Duration.ofMinutes(5));

    assertThat(part.runs).hasValue(1);
    assertThat(ticker.running()).isEmpty();
  }

  @Test
  void theStageDeadlinesTimeARunOutOnceItsStageLastedLongerThanItsDeadline() {
    ActiveRuns active = new ActiveRuns(ticker);
    ActiveRun run = active.reserve("run-1");
    run.enter(Stage.PREPARE);
    started(new StageDeadlines(active, deadlines(Duration.ofSeconds(10)), ticker));

    ticker.advance(Duration.ofSeconds(10));
    assertThat(run.cancellation.isCancelled()).as("at the deadline, not past it").isFalse();
    ticker.advance(TICK);

    assertThat(run.cancellation.isCancelled()).isTrue();
    assertThat(run.timedOut).isTrue();
    FailureReason reason = run.cancellation.reason().orElseThrow();
    assertThat(reason.kind()).isEqualTo(FailureReason.Kind.TIMEOUT);
    assertThat(reason.message()).contains("PT10S", "prepare");
  }

  @Test
  void theClaimCheckStopsAnExecutionWhoseClaimWasTakenOver() {
    RunStore store = new RunStore(database);
    StoredRuns.queued(store, "run-1", T0);
    RunStore.Claim claim = store.claim("run-1", "node-a", T0).orElseThrow();
    ActiveRuns active = new ActiveRuns(ticker);
    ActiveRun run = active.reserve("run-1");
    run.claim = claim;
    started(new ClaimCheck(store, active, "node-a"));
    ticker.advance(TICK);
    assertThat(run.lost).as("the claim holds").isFalse();

    assertThat(store.reclaim("run-1", "node-a", claim.epoch())).isPresent();
    ticker.advance(TICK);

    assertThat(run.lost).isTrue();
    assertThat(run.cancellation.reason().orElseThrow().kind())
        .isEqualTo(FailureReason.Kind.PLATFORM_ERROR);
  }

  @Test
  void theOrphanRequeueQueuesAgainARunOfThisNodeThatNothingExecutesOnceItSettled()
      throws Exception {
    RunStore store = new RunStore(database);
    StoredRuns.queued(store, "run-1", T0);
    assertThat(store.claim("run-1", "node-a", T0)).isPresent();
    ActiveRuns active = new ActiveRuns(ticker);
    try (RunQueue queue =
        new RunQueue(
            database.dataSource(),
            "node-a",
            Set.of(),
            1,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            4,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            runId -> {})) {
      QueueEntries entries = new QueueEntries(queue, new ModelLabels(ModelsCatalog.empty()));
      started(new OrphanRequeue(store, active, entries, clock, "node-a", TICK));

      clock.advance(Duration.ofSeconds(2));
      ticker.advance(TICK);
      assertThat(queueEntries())
          .as("two intervals after it started: may still be on its way")
          .isEmpty();
      clock.advance(Duration.ofMillis(1));
      ticker.advance(TICK);

      assertThat(queueEntries()).containsExactly("run-1");
    }
  }

  @Test
  void theRetentionPurgeRunsAtTheFirstTickThenHourly() {
    RunStore store = new RunStore(database);
    clock.advance(Duration.ofDays(30));
    StoredRuns.ended(store, "old-1", RunState.COMPLETE, null, T0);
    started(new RetentionPurge(store, clock, Duration.ofDays(7)));

    ticker.advance(TICK);
    assertThat(store.find("old-1")).isEmpty();

    StoredRuns.ended(store, "old-2", RunState.COMPLETE, null, T0);
    ticker.advance(Duration.ofMinutes(59));
    assertThat(store.find("old-2")).as("within the hour").isPresent();
    ticker.advance(Duration.ofMinutes(1));
    assertThat(store.find("old-2")).isEmpty();
  }

  @Test
  void theHeartbeatBeatsOnItsOwnScheduleWithTheNodesLoad() {
    NodeStore nodes = new NodeStore(database);
    ActiveRuns active = new ActiveRuns(ticker);
    NodeHeartbeat heartbeat =
        new NodeHeartbeat(
            nodes,
            new NodeHeartbeat.Identity("node-a", Set.of("gpu"), 4, "1.0", "127.0.0.1:8080"),
            active,
            clock,
            ticker,
            Duration.ofSeconds(5));
    heartbeat.beat();
    heartbeat.start();
    active.reserve("run-1");

    clock.advance(Duration.ofSeconds(4));
    ticker.advance(Duration.ofSeconds(4));
    assertThat(only(nodes).lastHeartbeat()).isEqualTo(T0);
    clock.advance(TICK);
    ticker.advance(TICK);

    NodeStore.Node node = only(nodes);
    assertThat(node.lastHeartbeat()).isEqualTo(T0.plusSeconds(5));
    assertThat(node.startedAt()).isEqualTo(T0);
    assertThat(node.activeRuns()).isEqualTo(1);
    assertThat(node.labels()).containsExactly("gpu");
    heartbeat.stop();
    assertThat(ticker.running()).isEmpty();
  }

  private List<String> queueEntries() throws java.sql.SQLException {
    try (java.sql.Connection c = database.connection();
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet r = s.executeQuery("SELECT task_instance FROM scheduled_tasks")) {
      List<String> ids = new java.util.ArrayList<>();
      while (r.next()) {
        ids.add(r.getString(1));
      }
      return ids;
    }
  }

  private static NodeStore.Node only(NodeStore nodes) {
    List<NodeStore.Node> all = nodes.list();
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private static Deadlines deadlines(Duration each) {
    return new Deadlines(each, each, each, each, each, each, each, each, each, each);
  }
}
