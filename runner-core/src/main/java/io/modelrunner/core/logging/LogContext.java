package io.modelrunner.core.logging;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Map;
import java.util.concurrent.Executor;
import org.apiguardian.api.API;
import org.slf4j.MDC;

/**
 * The run a log line belongs to, in SLF4J's MDC: {@value #RUN_ID}, {@value #MODEL} and {@value
 * #REQUEST_ID}. The pipeline puts them there for the time it runs a job ({@link #forRun}); work it
 * hands to another thread takes them along ({@link #carried}, {@link #carrying}), so every line
 * logged for a run names it (model-runner's JSON log format writes them as fields).
 */
@API(status = INTERNAL, since = "0.1.0")
public final class LogContext {
  /** The MDC key of the run id. */
  public static final String RUN_ID = "runId";

  /** The MDC key of the model's slug. */
  public static final String MODEL = "model";

  /** The MDC key of the run request's id. */
  public static final String REQUEST_ID = "requestId";

  /** Undoes what {@link #forRun} put in the MDC. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  private LogContext() {}

  /**
   * Puts the run's keys in this thread's MDC (a null value leaves its key out) until the returned
   * scope is closed, which restores the MDC as it was.
   */
  public static Scope forRun(String runId, String model, String requestId) {
    Map<String, String> before = MDC.getCopyOfContextMap();
    put(RUN_ID, runId);
    put(MODEL, model);
    put(REQUEST_ID, requestId);
    return () -> restore(before);
  }

  /** {@code task}, run with the MDC of the thread calling this method now. */
  public static Runnable carried(Runnable task) {
    Map<String, String> context = MDC.getCopyOfContextMap();
    if (context == null || context.isEmpty()) {
      return task;
    }
    return () -> {
      Map<String, String> before = MDC.getCopyOfContextMap();
      MDC.setContextMap(context);
      try {
        task.run();
      } finally {
        restore(before);
      }
    };
  }

  /** An executor that runs each task with the MDC of the thread that handed it over. */
  public static Executor carrying(Executor executor) {
    return task -> executor.execute(carried(task));
  }

  private static void put(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  private static void restore(Map<String, String> before) {
    if (before == null || before.isEmpty()) {
      MDC.clear();
    } else {
      MDC.setContextMap(before);
    }
  }
}
