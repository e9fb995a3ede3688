package io.modelrunner.benchmarks.service;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.modelrunner.core.engine.docker.DockerClients;
import io.modelrunner.core.engine.docker.DockerEngineConfig;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Docker engine's container events (create, start, die, destroy, …) with the engine's own
 * nanosecond timestamps, keyed by the run id label: the runner's containers carry {@code
 * io.modelrunner.run-id}, the harness's raw {@code docker run}s carry {@link #RAW_LABEL}. One
 * subscription for the whole suite; nothing is polled, so watching costs the engine nothing extra
 * per run, and a container's removal is known to the millisecond.
 */
public final class DockerEvents implements AutoCloseable {
  public static final String RUN_LABEL = "io.modelrunner.run-id";
  public static final String RAW_LABEL = "io.modelrunner.benchmark-run";

  private final DockerClient client;
  private final Closeable subscription;
  private final Map<String, Map<String, Long>> byRun = new ConcurrentHashMap<>();
  private final Object changed = new Object();

  private DockerEvents(DockerClient client) {
    this.client = client;
    this.subscription =
        client
            .eventsCmd()
            .withEventTypeFilter(EventType.CONTAINER)
            .exec(
                new ResultCallback.Adapter<Event>() {
                  @Override
                  public void onNext(Event e) {
                    record(e);
                  }
                });
  }

  /** Subscribes to the engine at {@code DOCKER_HOST} (default: the local socket). */
  public static DockerEvents subscribe() {
    return new DockerEvents(
        DockerClients.create(DockerEngineConfig.fromEnvironment("benchmarks", System.getenv()), 4));
  }

  private void record(Event e) {
    if (e.getActor() == null || e.getActor().getAttributes() == null || e.getTimeNano() == null) {
      return;
    }
    Map<String, String> attributes = e.getActor().getAttributes();
    String run = attributes.getOrDefault(RUN_LABEL, attributes.get(RAW_LABEL));
    String action = e.getAction() == null ? e.getStatus() : e.getAction();
    if (run == null || action == null) {
      return;
    }
    // "exec_start: sh" and the like carry arguments after a colon: keep the verb
    int colon = action.indexOf(':');
    String verb = colon < 0 ? action : action.substring(0, colon);
    byRun.computeIfAbsent(run, k -> new ConcurrentHashMap<>()).putIfAbsent(verb, e.getTimeNano());
    synchronized (changed) {
      changed.notifyAll();
    }
  }

  /** When the engine reported {@code action} for run {@code runId} (epoch ns), or -1. */
  public long at(String runId, String action) {
    Map<String, Long> m = byRun.get(runId);
    Long t = m == null ? null : m.get(action);
    return t == null ? -1 : t;
  }

  /** Waits until the engine has reported {@code action} for {@code runId}; epoch ns, or -1. */
  public long await(String runId, String action, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (changed) {
      while (true) {
        long t = at(runId, action);
        if (t >= 0) {
          return t;
        }
        long left = end - System.nanoTime();
        if (left <= 0) {
          return -1;
        }
        changed.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** The engine client the subscription uses (for the baselines that call the engine directly). */
  DockerClient client() {
    return client;
  }

  /** Forgets a run's events (keeps the map small in long suites). */
  public void forget(String runId) {
    byRun.remove(runId);
  }

  @Override
  public void close() {
    try {
      subscription.close();
    } catch (IOException ignored) {
      // closing the stream only
    }
    try {
      client.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
