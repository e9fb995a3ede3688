package io.modelrunner.adapter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.adapter.Registration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.slf4j.Logger;

/**
 * Keeps the adapter's entry in the model registry: POST to the collection on start, PUT {@code
 * {collection}{id}} with the full body as a heartbeat, DELETE on clean shutdown. The adapter serves
 * all the while; the registry never fails it.
 *
 * <p>Interop with the deployed Model-Registry: the entry id is read as a string (a UUID there, an
 * integer in older registries). When the registry answers something unexpected, the registrar backs
 * off exponentially (doubling from {@code initialBackoff} up to {@code maxBackoff}, with up to 20%
 * jitter) and logs each distinct problem once (WARNING) until it recovers. A POST answered 2xx
 * without a usable id is a registration (the registry has the entry) that cannot be refreshed or
 * deleted: it is logged once and never repeated. A PUT answered 404 means the registry forgot the
 * entry: it is registered again, unless the entry was just created (then the registry does not
 * serve heartbeats at that URL, and heartbeats stop).
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class RegistryRegistrar implements AutoCloseable {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final int EXCERPT = 200;

  /** Where the registrar is in its life. */
  public enum State {
    /** Not registered yet (or forgotten by the registry): POSTs, backing off on failure. */
    REGISTERING,
    /** Registered with an id: heartbeats. */
    REGISTERED,
    /** The registry took the entry but gave no id, or refuses heartbeats: nothing more is sent. */
    REGISTERED_WITHOUT_HEARTBEAT,
    /** Closed. */
    CLOSED
  }

  /**
   * @param heartbeat how often a registered entry is refreshed
   * @param initialBackoff the first retry delay after a problem
   * @param maxBackoff the longest retry delay
   */
  public record Timing(Duration heartbeat, Duration initialBackoff, Duration maxBackoff) {
    public Timing {
      requirePositive("heartbeat", heartbeat);
      requirePositive("initialBackoff", initialBackoff);
      requirePositive("maxBackoff", maxBackoff);
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff");
      }
    }

    private static void requirePositive(String what, Duration d) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
    }
  }

  private final RegistryEndpoint registry;
  private final Supplier<Registration> entry;
  private final Timing timing;
  private final ObjectMapper mapper;
  private final Logger log;
  private final HttpClient http;
  private final ScheduledThreadPoolExecutor scheduler;
  private volatile String id;
  private volatile State state = State.REGISTERING;
  private volatile boolean closed;
  // Touched on the scheduler thread only.
  private Duration backoff;
  private boolean refreshedSinceRegistration;
  private final Set<String> reportedProblems = new HashSet<>();

  /**
   * @param entry the current registration body (used_workers and status change over time)
   * @param log where the registrar reports (one line per distinct problem)
   */
  public RegistryRegistrar(
      RegistryEndpoint registry,
      Supplier<Registration> entry,
      Timing timing,
      ObjectMapper mapper,
      Logger log) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.entry = Objects.requireNonNull(entry, "entry");
    this.timing = Objects.requireNonNull(timing, "timing");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.log = Objects.requireNonNull(log, "log");
    this.backoff = timing.initialBackoff();
    this.http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "registry-registrar");
              t.setDaemon(true);
              return t;
            });
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** Starts registering in the background; never blocks, never fails the adapter. */
  public void start() {
    scheduler.execute(this::tick);
  }

  /** The registry's id for this adapter, null while it has none. */
  public String registeredId() {
    return id;
  }

  public State state() {
    return closed ? State.CLOSED : state;
  }

  /** How many calls to the registry are scheduled (0 once nothing more will be sent). */
  public int scheduledCalls() {
    return scheduler.getQueue().size();
  }

  private void tick() {
    if (closed || state == State.REGISTERED_WITHOUT_HEARTBEAT) {
      return;
    }
    String call = id == null ? "POST" : "PUT";
    URI target = id == null ? registry.collection() : registry.entry(id);
    Step step;
    try {
      step = id == null ? register() : refresh();
    } catch (IOException e) {
      step =
          Step.problem(
              call + " " + e.getClass().getSimpleName(),
              call + " " + target + " failed (" + e + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    switch (step.kind) {
      case OK -> {
        if (!reportedProblems.isEmpty()) {
          log.info("model registry " + registry + " answers again");
          reportedProblems.clear();
        }
        backoff = timing.initialBackoff();
        schedule(timing.heartbeat());
      }
      case STOP -> {
        // nothing more to send until close()
      }
      case PROBLEM -> {
        Duration delay = withJitter(backoff);
        if (reportedProblems.add(step.key)) {
          log.warn(
              "model registry "
                  + registry
                  + ": "
                  + step.message
                  + "; retrying with backoff from "
                  + delay.toMillis()
                  + " ms up to "
                  + timing.maxBackoff()
                  + " (logged once until it recovers)");
        } else {
          log.debug("model registry: " + step.message);
        }
        schedule(delay);
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(timing.maxBackoff()) > 0 ? timing.maxBackoff() : doubled;
      }
    }
  }

  private enum Kind {
    OK,
    STOP,
    PROBLEM
  }

  private record Step(Kind kind, String key, String message) {
    static final Step OK = new Step(Kind.OK, null, null);
    static final Step STOP = new Step(Kind.STOP, null, null);

    static Step problem(String key, String message) {
      return new Step(Kind.PROBLEM, key, message);
    }
  }

  private static Duration withJitter(Duration d) {
    return Duration.ofMillis(
        (long) (d.toMillis() * (1 + 0.2 * ThreadLocalRandom.current().nextDouble())));
  }

  private void schedule(Duration delay) {
    if (!closed) {
      try {
        scheduler.schedule(this::tick, delay.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // closed meanwhile: nothing more to do
      }
    }
  }

  private Step register() throws IOException, InterruptedException {
    URI target = registry.collection();
    HttpResponse<String> response = send("POST", target, body());
    int status = response.statusCode();
    if (status / 100 != 2) {
      return unexpected("POST", target, response);
    }
    Optional<String> stored = idOf(response.body());
    if (stored.isEmpty()) {
      log.warn(
          "model registry "
              + registry
              + " accepted the registration (HTTP "
              + status
              + ") but its answer carries no usable \"id\" ("
              + excerpt(response.body())
              + "): registered once, without heartbeats or deregistration");
      state = State.REGISTERED_WITHOUT_HEARTBEAT;
      return Step.STOP;
    }
    id = stored.get();
    state = State.REGISTERED;
    refreshedSinceRegistration = false;
    log.info(
        "registered with model registry "
            + registry
            + " as entry "
            + id
            + "; heartbeat every "
            + timing.heartbeat());
    return Step.OK;
  }

  private Step refresh() throws IOException, InterruptedException {
    URI target = registry.entry(id);
    HttpResponse<String> response = send("PUT", target, body());
    int status = response.statusCode();
    if (status / 100 == 2) {
      refreshedSinceRegistration = true;
      return Step.OK;
    }
    if (status == 404 && !refreshedSinceRegistration) {
      log.warn(
          "model registry "
              + registry
              + " answered 404 to a heartbeat (PUT "
              + target
              + ") for the entry it just created: it does not take heartbeats there; the"
              + " entry stays registered without heartbeats");
      state = State.REGISTERED_WITHOUT_HEARTBEAT;
      return Step.STOP;
    }
    if (status == 404) {
      String forgotten = id;
      id = null; // the registry forgot us (restarted, or expired the entry): register again
      state = State.REGISTERING;
      return Step.problem(
          "PUT 404", "entry " + forgotten + " is gone (PUT answered 404); registering again");
    }
    return unexpected("PUT", target, response);
  }

  private static Step unexpected(String method, URI target, HttpResponse<String> response) {
    int status = response.statusCode();
    String hint =
        status / 100 == 3
            ? " (a redirect to "
                + response.headers().firstValue("Location").orElse("?")
                + ": set REGISTRY_ENDPOINT to the registry's base URL or its .../registry/ URL)"
            : ": " + excerpt(response.body());
    return Step.problem(
        method + " " + status, method + " " + target + " answered HTTP " + status + hint);
  }

  /** The entry's id: a non-blank string, or an integer written as a string; else empty. */
  private Optional<String> idOf(String body) {
    JsonNode node;
    try {
      node = mapper.readTree(body);
    } catch (IOException e) {
      return Optional.empty();
    }
    JsonNode value = node == null ? null : node.get("id");
    if (value == null) {
      return Optional.empty();
    }
    if (value.isTextual() && !value.asText().isBlank()) {
      return Optional.of(value.asText().trim());
    }
    if (value.isIntegralNumber()) {
      return Optional.of(value.bigIntegerValue().toString());
    }
    return Optional.empty();
  }

  private static String excerpt(String body) {
    if (body == null || body.isBlank()) {
      return "empty body";
    }
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= EXCERPT ? oneLine : oneLine.substring(0, EXCERPT) + "...";
  }

  private String body() throws IOException {
    return mapper.writeValueAsString(entry.get());
  }

  private HttpResponse<String> send(String method, URI uri, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
    if (body != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Stops the heartbeat and deletes the entry when it has an id (best effort). */
  @Override
  public void close() {
    closed = true;
    scheduler.shutdown();
    try {
      // let a registration in flight finish, so that its entry is deleted too
      scheduler.awaitTermination(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scheduler.shutdownNow();
    String current = id;
    if (current == null) {
      return;
    }
    URI target = registry.entry(current);
    try {
      HttpResponse<String> response = send("DELETE", target, null);
      if (response.statusCode() / 100 != 2 && response.statusCode() != 404) {
        log.warn(
            "could not deregister: DELETE "
                + target
                + " answered HTTP "
                + response.statusCode()
                + ": "
                + excerpt(response.body()));
      }
      id = null;
    } catch (IOException e) {
      log.warn("could not deregister: DELETE " + target + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
