package io.modelrunner.app.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.json.JsonMappers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Raw HTTP calls to the registry for tests: method, path, body, Content-Type and token as given.
 */
final class RegistryHttp {
  /** An answer: status, Content-Type, body text, and the body as JSON (null when it is not). */
  record Answer(int status, String contentType, String text, JsonNode json, HttpResponse<?> raw) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    /** The pointers of a problem's errors. */
    java.util.List<String> pointers() {
      java.util.List<String> pointers = new java.util.ArrayList<>();
      json.path("errors").forEach(e -> pointers.add(e.path("pointer").asText()));
      return pointers;
    }
  }

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String token;

  RegistryHttp(URI base) {
    this.base = base;
  }

  /** Sends {@code Authorization: Bearer <token>} from now on (null: none). */
  RegistryHttp token(String value) {
    this.token = value;
    return this;
  }

  Answer get(String path) throws IOException, InterruptedException {
    return send("GET", path, null, null);
  }

  Answer delete(String path) throws IOException, InterruptedException {
    return send("DELETE", path, null, null);
  }

  Answer post(String path, String json) throws IOException, InterruptedException {
    return send("POST", path, json, "application/json");
  }

  Answer put(String path, String json) throws IOException, InterruptedException {
    return send("PUT", path, json, "application/json");
  }

  Answer send(String method, String path, String body, String contentType)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    String text = new String(response.body(), StandardCharsets.UTF_8);
    JsonNode json = null;
    try {
      json = text.isEmpty() ? null : JsonMappers.standard().readTree(text);
    } catch (IOException e) {
      // not JSON
    }
    return new Answer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(null),
        text,
        json,
        response);
  }

  /** A registration body as adapter-sdk's registrar sends it. */
  static String entry(String name, String uri, String status) {
    return entry(name, "1.0.0", uri, 2, 0, "epi-team", status);
  }

  static String entry(
      String name,
      String version,
      String uri,
      int maxWorkers,
      int usedWorkers,
      String owner,
      String status) {
    return "{\"name\":\""
        + name
        + "\",\"version\":\""
        + version
        + "\",\"uri\":\""
        + uri
        + "\",\"max_workers\":"
        + maxWorkers
        + ",\"used_workers\":"
        + usedWorkers
        + ",\"owner\":\""
        + owner
        + "\""
        + (status == null ? "" : ",\"status\":\"" + status + "\"")
        + "}";
  }
}
