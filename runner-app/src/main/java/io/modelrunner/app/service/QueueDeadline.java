package io.modelrunner.app.service;

import io.modelrunner.core.logging.LogContext;
import io.modelrunner.core.pipeline.FailureReason;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Watchdog task: ends the runs queued longer than the queue deadline (reason {@code timeout}). */
final class QueueDeadline implements WatchdogTask {
  private static final Logger LOG = LoggerFactory.getLogger(QueueDeadline.class);

  private final RunStore store;
  private final QueuedRunEnder ender;
  private final Clock clock;
  private final Duration deadline;

  QueueDeadline(RunStore store, QueuedRunEnder ender, Clock clock, Duration deadline) {
    this.store = Objects.requireNonNull(store, "store");
    this.ender = Objects.requireNonNull(ender, "ender");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
  }

  @Override
  public String name() {
    return "the queue deadline";
  }

  @Override
  public void run() {
    String message = "the run waited longer than its queue deadline of " + deadline;
    for (StoredRun queued : store.queuedBefore(clock.instant().minus(deadline))) {
      if (ender.end(queued, FailureReason.of(FailureReason.Kind.TIMEOUT, message))) {
        try (LogContext.Scope scope =
            LogContext.forRun(queued.runId(), queued.modelSlug(), queued.requestId())) {
          LOG.warn("run {}: {}", queued.runId(), message);
        }
      }
    }
  }
}
