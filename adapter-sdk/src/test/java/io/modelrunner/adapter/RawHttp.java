package io.modelrunner.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.json.JsonMappers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Plain HTTP calls for the tests, answering status, the raw Content-Type and the parsed body. */
final class RawHttp {
  record Answer(int status, String contentType, String body) {
    JsonNode json() {
      try {
        return JsonMappers.standard().readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String state() {
      return json().path("state").asText();
    }

    String reason() {
      return json().path("reason").asText(null);
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI base;

  RawHttp(URI base) {
    this.base = base;
  }

  Answer get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  Answer post(String path, String body) throws IOException, InterruptedException {
    return post(path, body.getBytes(StandardCharsets.UTF_8));
  }

  Answer post(String path, byte[] body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  Answer send(HttpRequest.Builder b) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }
}
