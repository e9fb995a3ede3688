package io.modelrunner.benchmarks.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A client of one node's runs API: real HTTP/1.1 over loopback with the bearer token. */
public final class RunsApi {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final URI base;
  private final String token;

  public RunsApi(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  public URI base() {
    return base;
  }

  /** {@code POST /api/runs} of a one-model request; returns the run id. */
  public String dispatch(String requestId, String slug, String image, String callbackUrl)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            request("/api/runs")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        requestJson(requestId, slug, image, callbackUrl)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) {
      throw new IOException(
          "POST /api/runs answered "
              + r.statusCode()
              + " for request "
              + requestId
              + ": "
              + r.body());
    }
    return MAPPER.readTree(r.body()).path("runs").get(0).path("runId").asText();
  }

  /** {@code GET /api/runs/{runId}}. */
  public JsonNode run(String runId) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            request("/api/runs/" + runId).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(
          "GET /api/runs/" + runId + " answered " + r.statusCode() + ": " + r.body());
    }
    return MAPPER.readTree(r.body());
  }

  /** {@code GET path}; throws unless it answers 200. */
  public void get(String path) throws IOException, InterruptedException {
    HttpResponse<Void> r =
        HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + r.statusCode());
    }
  }

  /** {@code GET /api/runs?QUERY}: one page of the runs list ({@code runs}, {@code nextCursor}). */
  public JsonNode list(String query) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            request("/api/runs" + (query.isEmpty() ? "" : "?" + query)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(
          "GET /api/runs?" + query + " answered " + r.statusCode() + ": " + r.body());
    }
    return MAPPER.readTree(r.body());
  }

  /** {@code POST /api/runs/{runId}/cancel}; returns the answer's outcome. */
  public String cancel(String runId) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            request("/api/runs/" + runId + "/cancel")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) {
      throw new IOException("cancel of " + runId + " answered " + r.statusCode() + ": " + r.body());
    }
    return MAPPER.readTree(r.body()).path("outcome").asText();
  }

  /** Polls the run every {@code every} until it has ended (COMPLETE or FAILED). */
  public JsonNode awaitEnded(String runId, Duration timeout, Duration every)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < end) {
      last = run(runId);
      if (ended(last)) {
        return last;
      }
      Thread.sleep(every.toMillis());
    }
    throw new IOException("run " + runId + " did not end within " + timeout + ": " + last);
  }

  public static boolean ended(JsonNode run) {
    String s = run.path("state").asText();
    return s.equals("COMPLETE") || s.equals("FAILED");
  }

  /** A valid one-model run request (the runner schema's shape). */
  public static String requestJson(String id, String slug, String image, String callbackUrl) {
    return "{\"id\":\""
        + id
        + "\",\"models\":[{\"slug\":\""
        + slug
        + "\",\"imageURL\":\""
        + image
        + "\"}],\"configuration\":{\"region\":\"US\",\"parameters\":{\"calibrationDate\":"
        + "\"2020-04-18\",\"calibrationCaseCount\":1400,\"calibrationDeathCount\":200,\"r0\":null,"
        + "\"interventionPeriods\":[]}},\"callbackURL\":"
        + (callbackUrl == null ? "null" : "\"" + callbackUrl + "\"")
        + "}";
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token);
  }
}
