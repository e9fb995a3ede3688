package io.modelrunner.core.pipeline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.core.callback.CallbackClient;
import io.modelrunner.core.callback.CallbackDelivery;
import io.modelrunner.core.callback.CallbackEvent;
import org.apiguardian.api.API;

/**
 * Where a job's two callbacks go, and where its end is recorded. The command line sends them
 * directly ({@link #direct}); a service that keeps its runs in a database records the job's outcome
 * and its final callback in one durable step (a transactional outbox), so that the two can never
 * disagree, and delivers the callback from there until it is acknowledged.
 *
 * <p>Implementations are called from the job's thread and must be thread-safe across jobs.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public interface CallbackChannel {
  /**
   * Sends the {@code start} event and waits for its answer, which may ask to cancel the job. Never
   * throws for a failed delivery: that is in the returned record.
   */
  CallbackDelivery start(CallbackEvent event);

  /**
   * Hands over the {@code final} event together with the job's {@code outcome} (its status, reason,
   * artifacts and warnings; its timings and callbacks are not complete yet). Called exactly once
   * per job, after every step that could fail and before the workspace is cleaned up.
   */
  FinalHandoff finish(CallbackEvent event, RunResult outcome);

  /** What {@link #finish} did with the job's outcome. */
  record FinalHandoff(CallbackDelivery delivery, Disposition disposition) {
    public FinalHandoff {
      java.util.Objects.requireNonNull(delivery, "delivery");
      java.util.Objects.requireNonNull(disposition, "disposition");
    }

    public static FinalHandoff recorded(CallbackDelivery delivery) {
      return new FinalHandoff(delivery, Disposition.RECORDED);
    }
  }

  /** Whether the job's outcome was kept, and so what becomes of its workspace. */
  enum Disposition {
    /** The outcome is recorded (or, for the command line, reported): clean up as usual. */
    RECORDED,
    /**
     * This execution no longer owns the job (another execution took it over): its outcome is
     * dropped, and its workspace cleaned up.
     */
    DISCARDED,
    /**
     * The outcome could not be recorded (the service is stopping, or its database failed): the
     * workspace is kept, so that a later resume of the job can finish it.
     */
    RETAINED
  }

  /**
   * Sends both events at once over {@code client}, retrying as it is configured; nothing is kept
   * after the process ends, so the bodies say {@code "delivery": "best-effort"}.
   */
  static CallbackChannel direct(CallbackClient client) {
    java.util.Objects.requireNonNull(client, "client");
    return new CallbackChannel() {
      @Override
      public CallbackDelivery start(CallbackEvent event) {
        return client.deliver(event, CallbackClient.BEST_EFFORT);
      }

      @Override
      public FinalHandoff finish(CallbackEvent event, RunResult outcome) {
        return FinalHandoff.recorded(client.deliver(event, CallbackClient.BEST_EFFORT));
      }
    };
  }
}
