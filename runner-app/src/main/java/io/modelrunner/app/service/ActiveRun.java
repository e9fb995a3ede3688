package io.modelrunner.app.service;

import io.modelrunner.core.pipeline.Cancellation;
import io.modelrunner.core.pipeline.FailureReason;
import io.modelrunner.core.pipeline.Stage;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A run on this node's threads right now: reserved before its claim is taken (so that no second
 * execution of it starts on this node), then executed under that claim. Shared between the run's
 * thread, the watchdog and the API (cancel).
 */
final class ActiveRun {
  final String runId;
  final Cancellation cancellation = new Cancellation();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final LongSupplier nanoTime;
  volatile RunStore.Claim claim;
  volatile Thread thread;
  volatile Stage stage;
  volatile long stageEnteredNanos;
  volatile Duration modelDeadline = Duration.ofHours(2);
  volatile boolean timedOut;

  /** The claim no longer holds: another execution owns the run (or it ended); write nothing. */
  volatile boolean lost;

  /** The outcome was recorded (the run's final state and final callback event are stored). */
  volatile boolean recorded;

  /**
   * @param nanoTime the monotonic time the watchdog measures stages with ({@link Ticker#nanoTime})
   */
  ActiveRun(String runId, LongSupplier nanoTime) {
    this.runId = runId;
    this.nanoTime = nanoTime;
    this.stageEnteredNanos = nanoTime.getAsLong();
  }

  void enter(Stage next) {
    stageEnteredNanos = nanoTime.getAsLong();
    stage = next;
  }

  /** This execution lost its claim: it stops (its model is killed) and writes nothing more. */
  void lose(String why) {
    if (!lost) {
      lost = true;
      cancellation.cancel(FailureReason.of(FailureReason.Kind.PLATFORM_ERROR, why));
    }
  }

  void markEnded() {
    ended.countDown();
  }

  /** Waits until this execution ended, up to {@code timeout}; false when it had not by then. */
  boolean awaitEnd(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
