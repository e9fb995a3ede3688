package io.modelrunner.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** The runs API of a served runner, as a client with the API token calls it. */
final class RunsApi {
  private static final Set<String> ENDED = Set.of("COMPLETE", "FAILED");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String token;

  RunsApi(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** POST /api/runs; returns the id of the request's first run. */
  String dispatch(JsonNode request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            authorized("api/runs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202 && response.statusCode() != 200) {
      throw new AssertionError(
          "dispatch answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body()).path("runs").path(0).path("runId").asText();
  }

  /** GET /api/runs/{id}. */
  JsonNode run(String runId) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            authorized("api/runs/" + runId).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "GET run answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** The run once it has ended (COMPLETE or FAILED), or empty while it has not. */
  Optional<JsonNode> ended(String runId) throws IOException, InterruptedException {
    JsonNode run = run(runId);
    return ENDED.contains(run.path("state").asText()) ? Optional.of(run) : Optional.empty();
  }

  private HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token);
  }
}
