package io.modelrunner.app.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit on the real embedded database (SQLite in a temporary folder). */
class GroupCommitTest {
  @TempDir Path dir;
  private Database database;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @BeforeEach
  void open() {
    database = Database.open(DatabaseConfig.embedded(dir));
    database.transaction(
        "create the test table",
        true,
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE gc_item (name TEXT PRIMARY KEY, seen INTEGER NOT NULL)");
          }
          return null;
        });
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    database.close();
  }

  /** A work that inserts {@code name} and answers how many items it saw before its own. */
  private static Database.Work<Integer> insert(String name) {
    return c -> {
      int before = count(c);
      Jdbc.execute(c, "INSERT INTO gc_item (name, seen) VALUES (?, ?)", name, before);
      return before;
    };
  }

  private static int count(java.sql.Connection c) throws java.sql.SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM gc_item")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private List<String> committed() {
    return database.query(
        "read the items",
        c -> {
          List<String> names = new ArrayList<>();
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT name FROM gc_item ORDER BY name")) {
            while (rs.next()) {
              names.add(rs.getString(1));
            }
          }
          return names;
        });
  }

  @Test
  void concurrentCallersEachGetTheirOwnResultAndEveryWorkIsCommittedOnce() throws Exception {
    GroupCommit commits = new GroupCommit(database, 8);
    List<Future<Integer>> answers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String name = String.format("item-%02d", i);
      answers.add(threads.submit(() -> commits.submit("insert " + name, insert(name))));
    }
    List<Integer> seen = new ArrayList<>();
    for (Future<Integer> f : answers) {
      seen.add(f.get(60, TimeUnit.SECONDS));
    }
    assertThat(committed()).hasSize(40).doesNotHaveDuplicates();
    // each work saw the ones committed or batched before it, as if one after the other
    assertThat(seen).doesNotHaveDuplicates().allSatisfy(n -> assertThat(n).isBetween(0, 39));
  }

  @Test
  void oneFailingWorkFailsOnlyItsOwnCallerAndTheRestOfItsBatchCommits() throws Exception {
    GroupCommit commits = new GroupCommit(database, 16);
    CountDownLatch leaderInside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Integer> first =
        threads.submit(
            () ->
                commits.submit(
                    "the leader",
                    c -> {
                      leaderInside.countDown();
                      try {
                        assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
                      } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                      }
                      return insert("a-leader").run(c);
                    }));
    assertThat(leaderInside.await(60, TimeUnit.SECONDS)).isTrue();
    // these queue up behind the leader and then share one transaction
    List<Thread> waiting = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Future<Integer>> good = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String name = "b-good-" + i;
      good.add(
          threads.submit(
              () -> {
                waiting.add(Thread.currentThread());
                return commits.submit(name, insert(name));
              }));
    }
    Future<Integer> bad =
        threads.submit(
            () -> {
              waiting.add(Thread.currentThread());
              return commits.submit(
                  "the bad one",
                  c -> {
                    insert("c-bad").run(c);
                    throw new IllegalStateException("this work fails");
                  });
            });
    awaitAllParked(waiting, 6);
    release.countDown();

    assertThat(first.get(60, TimeUnit.SECONDS)).isZero();
    for (Future<Integer> f : good) {
      assertThat(f.get(60, TimeUnit.SECONDS)).isBetween(1, 6);
    }
    assertThatThrownBy(() -> bad.get(60, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("this work fails");
    assertThat(committed())
        .containsExactly("a-leader", "b-good-0", "b-good-1", "b-good-2", "b-good-3", "b-good-4");
  }

  @Test
  void refusesABatchSizeBelowOne() {
    assertThatThrownBy(() -> new GroupCommit(database, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBatch");
  }

  /** Waits until {@code n} threads registered and each is parked (queued behind the leader). */
  private static void awaitAllParked(List<Thread> threads, int n) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end) {
      List<Thread> now;
      synchronized (threads) {
        now = List.copyOf(threads);
      }
      if (now.size() == n
          && now.stream()
              .allMatch(
                  t ->
                      t.getState() == Thread.State.WAITING
                          || t.getState() == Thread.State.TIMED_WAITING)) {
        return;
      }
      Thread.sleep(1);
    }
    throw new AssertionError("the callers did not queue up behind the leader");
  }
}
