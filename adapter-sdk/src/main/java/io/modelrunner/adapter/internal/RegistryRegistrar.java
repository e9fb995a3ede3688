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
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps the adapter's entry in the model registry: POST on start (retried with exponential backoff
 * while the registry is down, the adapter serving all the while), PUT as a heartbeat (POST again
 * when the entry has vanished), DELETE on clean shutdown.
 */
public final class RegistryRegistrar implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RegistryRegistrar.class.getName());
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final URI registry;
  private final Supplier<Registration> entry;
  private final Duration heartbeat;
  private final Duration initialBackoff;
  private final ObjectMapper mapper;
  private final HttpClient http;
  private final ScheduledThreadPoolExecutor scheduler;
  private volatile String id;
  private volatile boolean closed;
  private Duration backoff;

  /**
   * @param registry the registry's base URL (the one {@code /registry/} is appended to)
   * @param entry the current registration body (used_workers and status change over time)
   */
  public RegistryRegistrar(
      URI registry,
      Supplier<Registration> entry,
      Duration heartbeat,
      Duration initialBackoff,
      ObjectMapper mapper) {
    this.registry =
        URI.create(
            Registration.stripTrailingSlashes(
                Objects.requireNonNull(registry, "registry").toString()));
    this.entry = Objects.requireNonNull(entry, "entry");
    this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
    this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
    this.backoff = initialBackoff;
    this.mapper = Objects.requireNonNull(mapper, "mapper");
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

  /** The registry's id for this adapter, null while not registered. */
  public String registeredId() {
    return id;
  }

  private void tick() {
    if (closed) {
      return;
    }
    try {
      if (id == null) {
        register();
      } else {
        refresh();
      }
      backoff = initialBackoff;
      schedule(heartbeat);
    } catch (IOException | RegistryException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "model registry "
              + registry
              + " unreachable ("
              + e.getMessage()
              + "); retry in "
              + backoff);
      schedule(backoff);
      Duration doubled = backoff.multipliedBy(2);
      backoff = doubled.compareTo(heartbeat) > 0 ? heartbeat : doubled;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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

  private void register() throws IOException, InterruptedException, RegistryException {
    HttpResponse<String> response = send("POST", URI.create(registry + "/registry/"), body());
    if (response.statusCode() / 100 != 2) {
      throw new RegistryException(
          "POST answered " + response.statusCode() + ": " + response.body());
    }
    JsonNode stored = mapper.readTree(response.body());
    if (stored == null || !stored.path("id").isValueNode() || stored.path("id").isNull()) {
      throw new RegistryException("POST answered no id: " + response.body());
    }
    id = stored.path("id").asText();
    LOG.log(System.Logger.Level.INFO, "registered with " + registry + " as entry " + id);
  }

  private void refresh() throws IOException, InterruptedException, RegistryException {
    HttpResponse<String> response = send("PUT", URI.create(registry + "/registry/" + id), body());
    if (response.statusCode() == 404) {
      id = null; // the registry forgot us: register again at once
      register();
    } else if (response.statusCode() / 100 != 2) {
      throw new RegistryException("PUT answered " + response.statusCode() + ": " + response.body());
    }
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

  /** Stops the heartbeat and deletes the entry (best effort). */
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
    if (current != null) {
      try {
        send("DELETE", URI.create(registry + "/registry/" + current), null);
        id = null;
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "could not deregister: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final class RegistryException extends Exception {
    private static final long serialVersionUID = 1L;

    RegistryException(String message) {
      super(message);
    }
  }
}
