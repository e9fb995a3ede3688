package io.modelrunner.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
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

/**
 * Drives an adapter through its lifecycle: request, initialize, run, poll status (with backoff)
 * until a final state or the deadline, results, and remove — remove always, also on failure.
 *
 * <pre>{@code
 * AdapterClient client = new AdapterClient(URI.create("http://adapter:8080/model"));
 * JsonNode result = client.execute(config, Duration.ofMinutes(30));
 * }</pre>
 *
 * Thread-safe; one client may drive many runs at once.
 */
public final class AdapterClient {
  private static final System.Logger LOG = System.getLogger(AdapterClient.class.getName());

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
    this.mapper = JsonMappers.standard();
  }

  /**
   * Runs the model with {@code config} and returns its result.
   *
   * @param config the initialize body: a {@link JsonNode} or any object Jackson can write
   * @param deadline how long the whole lifecycle may take
   */
  public JsonNode execute(Object config, Duration deadline)
      throws AdapterClientException, InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    ModelRunInfo requested = expectOk(null, "request", get("request", null));
    String id = requested.modelRunId();
    if (requested.state() == ModelRunState.ERROR || id == null) {
      throw new AdapterClientException.Refused(
          "the adapter refused the request: " + requested.reason(), id, 200);
    }
    try {
      ModelRunInfo info = requested;
      Duration delay = options.firstPoll();
      while (info.state() == ModelRunState.PENDING) {
        delay = sleep(delay, end, id, "waiting to be accepted");
        info = status(id);
      }
      byte[] body = writeBody(config);
      info = expectOk(id, "initialize", send(post("initialize/" + enc(id), body), id));
      failIfError(id, info);
      info = expectOk(id, "run", get("run/" + enc(id), id));
      failIfError(id, info);
      delay = options.firstPoll();
      while (!info.state().isFinal()) {
        delay =
            sleep(
                delay, end, id, "waiting for the run to finish (last state " + info.state() + ")");
        info = status(id);
      }
      failIfError(id, info);
      ModelRunInfo results = expectOk(id, "results", get("results/" + enc(id), id));
      failIfError(id, results);
      return results.result();
    } finally {
      removeQuietly(id);
    }
  }

  /** {@code GET /status/{id}}. */
  public ModelRunInfo status(String id) throws AdapterClientException, InterruptedException {
    return expectOk(id, "status", get("status/" + enc(id), id));
  }

  /** {@code GET /remove/{id}}. */
  public ModelRunInfo remove(String id) throws AdapterClientException, InterruptedException {
    return expectOk(id, "remove", get("remove/" + enc(id), id));
  }

  private void removeQuietly(String id) {
    try {
      remove(id);
    } catch (AdapterClientException e) {
      LOG.log(
          System.Logger.Level.WARNING, "could not remove model run " + id + ": " + e.getMessage());
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

  private byte[] writeBody(Object config) throws AdapterClientException {
    try {
      return mapper.writeValueAsBytes(config);
    } catch (JsonProcessingException e) {
      throw new AdapterClientException.Refused(
          "the configuration cannot be written as JSON: " + e.getOriginalMessage(), null, 0);
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
    ModelRunInfo info;
    try {
      info = mapper.readValue(response.body(), ModelRunInfo.class);
    } catch (IOException | RuntimeException e) {
      throw new AdapterClientException.Unreachable(
          call
              + " answered HTTP "
              + response.statusCode()
              + " with a body that is not adapter JSON: "
              + new String(response.body(), StandardCharsets.UTF_8),
          id,
          e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new AdapterClientException.Refused(
          call + " answered HTTP " + response.statusCode() + ": " + info.reason(),
          id,
          response.statusCode());
    }
    return info;
  }

  private static String enc(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
