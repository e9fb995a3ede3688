package io.modelrunner.core.pipeline.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The staging of one entry on a {@link DeflatePool} thread. {@link #abandon} leaves nothing behind:
 * a task that has not started never will, and one that has is waited for and its staging file
 * deleted.
 */
final class StagingTask implements Runnable {
  private enum State {
    QUEUED,
    RUNNING,
    ABANDONED
  }

  private final OutputEntry entry;
  private final EntryStager stager;
  private final AtomicReference<State> state = new AtomicReference<>(State.QUEUED);
  private final CompletableFuture<StagedEntry> result = new CompletableFuture<>();

  StagingTask(OutputEntry entry, EntryStager stager) {
    this.entry = entry;
    this.stager = stager;
  }

  @Override
  public void run() {
    if (!state.compareAndSet(State.QUEUED, State.RUNNING)) {
      return;
    }
    try {
      result.complete(stager.stage(entry));
    } catch (Throwable t) {
      result.completeExceptionally(t);
    }
  }

  /** The staged entry, once ready. */
  StagedEntry await() throws IOException, InterruptedException {
    try {
      return result.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String what = "export entry " + FileNames.printable(entry.name());
      if (cause instanceof IOException io) {
        throw new IOException(what + ": " + io.getMessage(), io);
      }
      if (cause instanceof UncheckedIOException io) {
        throw new IOException(what + ": " + io.getMessage(), io.getCause());
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(what + " failed: " + cause, cause);
    }
  }

  /**
   * Makes sure the task holds nothing any more: never starts if still queued; else waits (without
   * being interruptible) for it to end and deletes what it staged.
   */
  void abandon() throws IOException {
    if (state.compareAndSet(State.QUEUED, State.ABANDONED)) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        result.get();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException e) {
        break; // it failed: its own cleanup ran
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (!result.isCompletedExceptionally()) {
      result.join().close();
    }
  }
}
