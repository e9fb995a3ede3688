package io.modelrunner.app.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: units of work that callers submit at the same time share one durable transaction,
 * so that N concurrent callers pay one commit (one {@code fsync} on SQLite, one WAL flush on
 * PostgreSQL) and one turn at the database's write lock instead of N.
 *
 * <p>No thread of its own: a caller queues its work and takes the leader's lock; whoever holds it
 * runs every queued work (up to {@code maxBatch}) in one transaction, in submission order, and
 * hands each caller its own result. A caller whose work was done by another leader meanwhile
 * returns at once. Each work sees the writes of the works before it in the batch, exactly as if
 * they had committed one after the other.
 *
 * <p>When the shared transaction fails (any work throws, or the commit fails), it is rolled back
 * and every work of the batch is run again alone, in its own transaction, so that one caller's
 * failure is that caller's only. A work must therefore act on the database only through its
 * connection (as any work given to {@link Database#transaction} must, since that retries it).
 */
public final class GroupCommit {
  private final Database database;
  private final int maxBatch;
  private final ReentrantLock leader = new ReentrantLock();
  private final ConcurrentLinkedQueue<Pending<?>> queued = new ConcurrentLinkedQueue<>();

  public GroupCommit(Database database, int maxBatch) {
    this.database = Objects.requireNonNull(database, "database");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, not " + maxBatch);
    }
    this.maxBatch = maxBatch;
  }

  /**
   * A unit of work that may keep what it learnt for the works after it in the same transaction
   * ({@code shared}: empty at the start of each transaction, and of each retry of one).
   */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c, Map<String, Object> shared) throws SQLException;
  }

  /**
   * Runs {@code work} in a durable transaction, possibly shared with other callers' works, and
   * returns its result once that transaction committed.
   *
   * @throws DatabaseException naming {@code what} when the work's transaction fails for good
   * @throws RuntimeException what {@code work} threw, when it failed in a transaction of its own
   */
  public <T> T submit(String what, Database.Work<T> work) {
    return submit(what, (c, shared) -> work.run(c));
  }

  /** As {@link #submit(String, Database.Work)}, with what the batch's works share. */
  public <T> T submit(String what, Work<T> work) {
    Pending<T> mine = new Pending<>(what, work);
    queued.add(mine);
    leader.lock();
    try {
      while (!mine.done) {
        List<Pending<?>> batch = new ArrayList<>();
        for (Pending<?> p; batch.size() < maxBatch && (p = queued.poll()) != null; ) {
          batch.add(p);
        }
        run(batch);
      }
    } finally {
      leader.unlock();
    }
    return mine.result();
  }

  private void run(List<Pending<?>> batch) {
    try {
      if (batch.size() == 1) {
        alone(batch.get(0));
        return;
      }
      List<Object> results;
      try {
        results =
            database.transaction(
                batch.get(0).what + " (with " + (batch.size() - 1) + " more)",
                true,
                c -> {
                  Map<String, Object> shared = new HashMap<>();
                  List<Object> out = new ArrayList<>(batch.size());
                  for (Pending<?> p : batch) {
                    out.add(p.work.run(c, shared));
                  }
                  return out;
                });
      } catch (RuntimeException shared) {
        batch.forEach(this::alone); // rolled back: each again on its own
        return;
      }
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).succeed(results.get(i));
      }
    } catch (Error e) {
      for (Pending<?> p : batch) {
        if (!p.done) {
          p.fail(e);
        }
      }
      throw e;
    }
  }

  private void alone(Pending<?> p) {
    try {
      p.succeed(database.transaction(p.what, true, c -> p.work.run(c, new HashMap<>())));
    } catch (RuntimeException e) {
      p.fail(e);
    }
  }

  /** One caller's work and, once done, its outcome. Guarded by the leader's lock. */
  private static final class Pending<T> {
    final String what;
    final Work<T> work;
    volatile boolean done;
    private Object result;
    private Throwable failure;

    Pending(String what, Work<T> work) {
      this.what = Objects.requireNonNull(what, "what");
      this.work = Objects.requireNonNull(work, "work");
    }

    void succeed(Object value) {
      result = value;
      done = true;
    }

    void fail(Throwable t) {
      failure = t;
      done = true;
    }

    @SuppressWarnings("unchecked")
    T result() {
      if (failure instanceof RuntimeException r) {
        throw r;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      return (T) result;
    }
  }
}
