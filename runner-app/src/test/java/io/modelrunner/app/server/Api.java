package io.modelrunner.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.json.JsonMappers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/** A client of the runs API for tests: real HTTP over loopback, with the bearer token. */
final class Api {
  /** An answer: status, body text, the body as JSON (null when it is not JSON), and headers. */
  record Answer(int status, String text, JsonNode json, HttpResponse<byte[]> raw) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  private final URI base;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  Api(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  Answer get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  Answer post(String path, String json) throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  Answer send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    String text = new String(response.body(), StandardCharsets.UTF_8);
    JsonNode json = null;
    try {
      json = JsonMappers.standard().readTree(text);
    } catch (IOException e) {
      // not JSON
    }
    return new Answer(response.statusCode(), text, json, response);
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  HttpClient http() {
    return http;
  }

  URI base() {
    return base;
  }

  /**
   * Polls {@code GET /api/runs/{runId}} until {@code done} holds, or fails after {@code timeout}.
   */
  JsonNode awaitRun(String runId, Predicate<JsonNode> done, Duration timeout)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < end) {
      Answer a = get("/api/runs/" + runId);
      last = a.json();
      if (a.status() == 200 && done.test(last)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("run " + runId + " did not get there within " + timeout + ": " + last);
  }

  static boolean ended(JsonNode run) {
    String s = run.path("state").asText();
    return s.equals("COMPLETE") || s.equals("FAILED");
  }

  static String request(String id, String callbackUrl, String... slugAndImage) {
    StringBuilder models = new StringBuilder();
    for (int i = 0; i < slugAndImage.length; i += 2) {
      if (models.length() > 0) {
        models.append(',');
      }
      models
          .append("{\"slug\":\"")
          .append(slugAndImage[i])
          .append("\",\"imageURL\":\"")
          .append(slugAndImage[i + 1])
          .append("\"}");
    }
    return "{\"id\":\""
        + id
        + "\",\"models\":["
        + models
        + "],\"configuration\":{\"region\":\"US\",\"parameters\":{\"calibrationDate\":"
        + "\"2020-04-18\",\"calibrationCaseCount\":1400,\"calibrationDeathCount\":200,\"r0\":null,"
        + "\"interventionPeriods\":[]}},\"callbackURL\":"
        + (callbackUrl == null ? "null" : "\"" + callbackUrl + "\"")
        + "}";
  }
}
