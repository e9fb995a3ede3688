package io.modelrunner.conformance.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.json.JsonMappers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Calls an adapter and keeps every exchange, so that clauses about every answer can be judged. */
final class AdapterHttp {
  private final HttpClient client;
  private final AdapterTarget target;
  private final Duration callTimeout;
  private final ObjectMapper mapper = JsonMappers.standard();
  private final List<Exchange> lifecycle = new ArrayList<>();

  AdapterHttp(HttpClient client, AdapterTarget target, Duration callTimeout) {
    this.client = client;
    this.target = target;
    this.callTimeout = callTimeout;
  }

  /** {@code GET {base}/{call}}, a lifecycle call. */
  Exchange get(String call) {
    Exchange exchange = send("GET", target.basePath() + "/" + call, null);
    lifecycle.add(exchange);
    return exchange;
  }

  /** {@code POST {base}/{call}} with a JSON body, a lifecycle call. */
  Exchange post(String call, String body) {
    Exchange exchange = send("POST", target.basePath() + "/" + call, body);
    lifecycle.add(exchange);
    return exchange;
  }

  /** {@code GET {base}/{call}} that is not a lifecycle call (its answer is not an adapter body). */
  Exchange getBesideLifecycle(String call) {
    return send("GET", target.basePath() + "/" + call, null);
  }

  /** {@code GET {path}} from the adapter's root, not a lifecycle call. */
  Exchange getAtRoot(String path) {
    return send("GET", path, null);
  }

  /** Every lifecycle exchange so far, in order. */
  List<Exchange> lifecycle() {
    return List.copyOf(lifecycle);
  }

  private Exchange send(String method, String path, String body) {
    URI uri = target.url(path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(callTimeout);
    if (body == null) {
      request.GET();
    } else {
      request.header("Content-Type", "application/json");
      request.POST(HttpRequest.BodyPublishers.ofString(body));
    }
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AdapterUnreachableException(
          "cannot call the adapter: "
              + method
              + " "
              + uri
              + " failed: "
              + e
              + " (is it running, and is the URL right?)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdapterUnreachableException("interrupted while calling " + uri, e);
    }
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    return new Exchange(
        method,
        uri.toString(),
        body == null ? "" : body,
        response.statusCode(),
        contentType,
        response.body(),
        parseObject(response.body()));
  }

  private Optional<JsonNode> parseObject(String body) {
    try {
      JsonNode node = mapper.readTree(body);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
