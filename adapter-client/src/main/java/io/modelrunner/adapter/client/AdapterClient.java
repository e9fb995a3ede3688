package io.modelrunner.adapter.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.adapter.ModelRunInfo;
import io.modelrunner.api.adapter.ModelRunState;
import io.modelrunner.api.json.JsonMappers;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives an adapter through its lifecycle: request, initialize, run, poll status (with backoff)
 * until a final state or the deadline, results, and remove — remove always, also on failure.
 *
 * <pre>{@code
 * AdapterClient client = new AdapterClient(URI.create("http://adapter:8080/model"));
 * JsonNode result = client.execute(config, Duration.ofMinutes(30));
 * }</pre>
 *
 * A caller that needs more control (its own polling, cancellation from another thread, a log of
 * every step) makes the calls one by one: {@link #request()}, {@link #initialize}, {@link #run},
 * {@link #status}, {@link #results} and {@link #remove}. Each answers the adapter's {@link
 * ModelRunInfo} on HTTP 2xx and throws a typed {@link AdapterClientException} otherwise: {@link
 * AdapterClientException.Refused} with what the adapter said whatever the body's form (bounded),
 * {@link AdapterClientException.NotServed} for an endpoint the adapter does not have, {@link
 * AdapterClientException.Unreachable} for no answer or a 2xx that is not adapter JSON.
 *
 * <p>Thread-safe; one client may drive many runs at once.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class AdapterClient {
  private static final Logger LOG = LoggerFactory.getLogger(AdapterClient.class);

  /**
   * Polling and timeouts.
   *
   * @param firstPoll the first delay between status polls; doubled each time up to {@code maxPoll}
   * @param maxPoll the longest delay between status polls
   * @param callTimeout the timeout of one HTTP call
   */
  public record Options(Duration firstPoll, Duration maxPoll, Duration callTimeout) {
    public static Options defaults() {
      return new Options(Duration.ofMillis(10), Duration.ofSeconds(2), Duration.ofSeconds(30));
    }
  }

  private final String base;
  private final HttpClient http;
  private final ObjectMapper mapper;
  private final Options options;

  /** A client for the adapter whose lifecycle endpoints live at {@code baseUri}. */
  public AdapterClient(URI baseUri) {
    this(baseUri, HttpClient.newHttpClient(), Options.defaults());
  }

  public AdapterClient(URI baseUri, HttpClient http, Options options) {
    String b = Objects.requireNonNull(baseUri, "baseUri").toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    this.http = Objects.requireNonNull(http, "http");
    this.options = Objects.requireNonNull(options, "options");
    // adapters of other ecosystems may add fields to their answers
    this.mapper =
        JsonMappers.standard().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /**
   * Runs the model with {@code config} and returns its result. Polls {@code /status} (at least once
   * after {@code run}) until the run ends, or {@code /results} when the adapter serves no status;
   * while {@code /results} still answers {@code QUEUED} or {@code RUNNING}, asks both.
   *
   * @param config the initialize body: a {@link JsonNode} or any object Jackson can write
   * @param deadline how long the whole lifecycle may take
   */
  public JsonNode execute(Object config, Duration deadline)
      throws AdapterClientException, InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    ModelRunInfo requested = request();
    String id = requested.modelRunId();
    try {
      ModelRunInfo info = requested;
      Duration delay = options.firstPoll();
      while (info.state() == ModelRunState.PENDING) {
        delay = sleep(delay, end, id, "waiting to be accepted");
        info = status(id);
      }
      info = initialize(id, config);
      failIfError(id, info);
      info = run(id);
      failIfError(id, info);
      delay = options.firstPoll();
      boolean statusServed = true;
      boolean polled = false; // some adapters finish a run inside /status: ask it at least once
      while (statusServed && !(polled && info.state().endsAStartedRun())) {
        delay =
            sleep(
                delay, end, id, "waiting for the run to finish (last state " + info.state() + ")");
        try {
          info = status(id);
          polled = true;
        } catch (AdapterClientException.NotServed e) {
          statusServed = false;
        }
      }
      failIfError(id, info);
      ModelRunInfo results = results(id);
      delay = options.firstPoll();
      while (results.state() == ModelRunState.QUEUED || results.state() == ModelRunState.RUNNING) {
        delay = sleep(delay, end, id, "waiting for the results (last " + results.state() + ")");
        if (statusServed) {
          failIfError(id, status(id));
        }
        results = results(id);
      }
      failIfError(id, results);
      return results.result();
    } finally {
      removeQuietly(id);
    }
  }

  /**
   * {@code GET /request}: creates a run. Answers {@code ACCEPTED}, or {@code PENDING} while the
   * adapter is at capacity (poll {@link #status} until it is {@code ACCEPTED}).
   *
   * @throws AdapterClientException.Refused when the adapter refused to create a run (an HTTP error
   *     such as 503, or an answer without a run id or in state {@code ERROR})
   */
  public ModelRunInfo request() throws AdapterClientException, InterruptedException {
    ModelRunInfo requested = expectOk(null, "request", get("request", null));
    if (requested.state() == ModelRunState.ERROR || requested.modelRunId() == null) {
      throw new AdapterClientException.Refused(
          "the adapter refused the request: " + requested.reason(), requested.modelRunId(), 200);
    }
    return requested;
  }

  /**
   * {@code POST /initialize/{id}} with {@code config} as the body: {@code READY}, or {@code ERROR}
   * (with a {@code reason}) when the model rejects the configuration.
   *
   * @param config a {@link JsonNode} or any object Jackson can write
   * @throws AdapterClientException.Refused on an HTTP error, e.g. 400 when the body does not match
   *     the adapter's configuration schema
   */
  public ModelRunInfo initialize(String id, Object config)
      throws AdapterClientException, InterruptedException {
    byte[] body = writeBody(config, id);
    return expectOk(id, "initialize", send(post("initialize/" + enc(id), body), id));
  }

  /** {@code GET /run/{id}}: starts the run; {@code RUNNING}, or {@code QUEUED} while busy. */
  public ModelRunInfo run(String id) throws AdapterClientException, InterruptedException {
    return expectOk(id, "run", get("run/" + enc(id), id));
  }

  /**
   * {@code GET /status/{id}}.
   *
   * @throws AdapterClientException.NotServed when the adapter has no status endpoint (HTTP 404 or
   *     405 without an adapter answer): poll {@link #results} instead
   */
  public ModelRunInfo status(String id) throws AdapterClientException, InterruptedException {
    return expectOk(id, "status", get("status/" + enc(id), id));
  }

  /**
   * {@code GET /results/{id}}: {@code QUEUED}/{@code RUNNING} while the run runs, then the result
   * ({@code READY}, or {@code SUCCEEDED} in the compatibility profile) or {@code ERROR}. Some
   * adapters answer {@code RUNNING} here until {@link #status} was asked after the work finished.
   */
  public ModelRunInfo results(String id) throws AdapterClientException, InterruptedException {
    return expectOk(id, "results", get("results/" + enc(id), id));
  }

  /**
   * {@code GET /remove/{id}}: cancels the run if it runs and forgets it ({@code UNKNOWN}; a 2xx
   * answer that is not adapter JSON counts as removed too). Sent also when the calling thread has
   * already been interrupted (so that a cancelled caller can still clean up); the thread's
   * interrupt status is kept.
   *
   * @throws InterruptedException when the thread is interrupted while the call is in flight
   */
  public ModelRunInfo remove(String id) throws AdapterClientException, InterruptedException {
    boolean interrupted = Thread.interrupted();
    try {
      HttpResponse<byte[]> response = get("remove/" + enc(id), id);
      if (response.statusCode() / 100 == 2 && adapterAnswer(response.body()) == null) {
        // e.g. the energy-system adapters' 200 "REMOVED!"
        // (MultiModelling/Adapter-ETM-Price-Profile)
        return ModelRunInfo.of(id, ModelRunState.UNKNOWN);
      }
      return expectOk(id, "remove", response);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Where the adapter's lifecycle endpoints live (without trailing slash). */
  public URI baseUri() {
    return URI.create(base);
  }

  public Options options() {
    return options;
  }

  private void removeQuietly(String id) {
    try {
      remove(id);
    } catch (AdapterClientException e) {
      LOG.warn("could not remove model run " + id + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Duration sleep(Duration delay, long end, String id, String what)
      throws AdapterClientException, InterruptedException {
    long left = end - System.nanoTime();
    if (left <= 0) {
      throw new AdapterClientException.DeadlineExceeded(
          "deadline exceeded " + what + " for model run " + id, id);
    }
    Thread.sleep(Math.min(delay.toMillis(), Math.max(1, left / 1_000_000)));
    Duration next = delay.multipliedBy(2);
    return next.compareTo(options.maxPoll()) > 0 ? options.maxPoll() : next;
  }

  private static void failIfError(String id, ModelRunInfo info)
      throws AdapterClientException.RunFailed {
    if (info.state() == ModelRunState.ERROR) {
      throw new AdapterClientException.RunFailed(id, info.reason());
    }
  }

  private byte[] writeBody(Object config, String id) throws AdapterClientException {
    try {
      return mapper.writeValueAsBytes(config);
    } catch (JsonProcessingException e) {
      throw new AdapterClientException.Refused(
          "the configuration cannot be written as JSON: " + e.getOriginalMessage(), id, 0);
    }
  }

  private HttpResponse<byte[]> get(String path, String id)
      throws AdapterClientException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + "/" + path)).GET(), id);
  }

  private HttpRequest.Builder post(String path, byte[] body) {
    return HttpRequest.newBuilder(URI.create(base + "/" + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request, String id)
      throws AdapterClientException, InterruptedException {
    HttpRequest r = request.timeout(options.callTimeout()).build();
    try {
      return http.send(r, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new AdapterClientException.Unreachable(
          "adapter at " + base + " unreachable (" + r.method() + " " + r.uri() + "): " + e, id, e);
    }
  }

  private ModelRunInfo expectOk(String id, String call, HttpResponse<byte[]> response)
      throws AdapterClientException {
    int code = response.statusCode();
    ModelRunInfo info = adapterAnswer(response.body());
    if (code / 100 == 2) {
      if (info == null) {
        throw new AdapterClientException.Unreachable(
            call
                + " answered HTTP "
                + code
                + " with a body that is not adapter JSON: "
                + ErrorBodies.message(response.body(), mapper),
            id,
            null);
      }
      return info;
    }
    if (info == null && (code == 404 || code == 405)) {
      throw new AdapterClientException.NotServed(
          call
              + " is not served by the adapter at "
              + base
              + " (HTTP "
              + code
              + ": "
              + ErrorBodies.message(response.body(), mapper)
              + ")",
          id,
          code);
    }
    String message =
        info != null && info.reason() != null && !info.reason().isBlank()
            ? ErrorBodies.bounded(info.reason())
            : ErrorBodies.message(response.body(), mapper);
    throw new AdapterClientException.Refused(
        call + " answered HTTP " + code + ": " + message, id, code);
  }

  /** The adapter's lifecycle answer in {@code body}, or null when it is something else. */
  private ModelRunInfo adapterAnswer(byte[] body) {
    try {
      JsonNode json = mapper.readTree(body);
      if (json == null || !json.isObject() || !json.path("state").isTextual()) {
        return null;
      }
      return mapper.treeToValue(json, ModelRunInfo.class);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String enc(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
