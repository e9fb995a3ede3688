package io.modelrunner.core.pipeline.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;

/**
 * The threads that compress export entries, shared by every export of one pipeline: however many
 * runs export at once, at most {@link #threads()} cores deflate. Daemon threads that end after 30 s
 * idle, so the pool needs no shutdown.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class DeflatePool {
  private final int threads;
  private final ThreadPoolExecutor executor;

  public DeflatePool(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("export threads must be at least 1, not " + threads);
    }
    this.threads = threads;
    this.executor =
        new ThreadPoolExecutor(
            threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemons());
    executor.allowCoreThreadTimeOut(true);
  }

  public int threads() {
    return threads;
  }

  void execute(Runnable task) {
    executor.execute(task);
  }

  private static ThreadFactory daemons() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread t = new Thread(task, "export-deflate-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
