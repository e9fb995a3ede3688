package io.modelrunner.app.service;

import io.modelrunner.app.config.Deadlines;
import io.modelrunner.core.logging.LogContext;
import io.modelrunner.core.pipeline.FailureReason;
import io.modelrunner.core.pipeline.Stage;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watchdog task: cancels each run executing here that stayed in its stage past the stage's deadline
 * (reason {@code timeout}), interrupting its thread when the stage blocks where a cancel does not
 * reach.
 */
final class StageDeadlines implements WatchdogTask {
  private static final Logger LOG = LoggerFactory.getLogger(StageDeadlines.class);

  private final ActiveRuns active;
  private final Deadlines deadlines;
  private final Ticker ticker;

  StageDeadlines(ActiveRuns active, Deadlines deadlines, Ticker ticker) {
    this.active = Objects.requireNonNull(active, "active");
    this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  @Override
  public String name() {
    return "the stage deadlines";
  }

  @Override
  public void run() {
    long now = ticker.nanoTime();
    for (ActiveRun run : active.all()) {
      Stage stage = run.stage;
      if (stage == null || run.timedOut) {
        continue;
      }
      Duration limit = deadlines.of(stage, run.modelDeadline);
      if (now - run.stageEnteredNanos > limit.toNanos()) {
        run.timedOut = true;
        String message =
            "the run exceeded its deadline of " + limit + " in stage " + stage.wireName();
        try (LogContext.Scope scope = LogContext.forRun(run.runId, null, null)) {
          LOG.warn("run {}: {}", run.runId, message);
        }
        run.cancellation.cancel(FailureReason.of(FailureReason.Kind.TIMEOUT, message));
        Thread thread = run.thread;
        if (stage != Stage.EXECUTE && thread != null) {
          thread.interrupt(); // blocked in a call that a cancel does not reach
        }
      }
    }
  }
}
