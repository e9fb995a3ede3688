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
  private final List<LifecycleCall> calls = new ArrayList<>();

  /**
   * One lifecycle call: which endpoint, about which run, and the exchange.
   *
   * @param endpoint e.g. {@code status}
   * @param runId the run the path names, when it names one
   * @param exchange what was sent and what came back
   */
  record LifecycleCall(String endpoint, Optional<String> runId, Exchange exchange) {}

  AdapterHttp(HttpClient client, AdapterTarget target, Duration callTimeout) {
    this.client = client;
    this.target = target;
    this.callTimeout = callTimeout;
  }

  /** {@code GET {base}/{call}}, a lifecycle call. */
  Exchange get(String call) {
    return record(call, send("GET", target.basePath() + "/" + call, null));
  }

  /** {@code POST {base}/{call}} with a JSON body, a lifecycle call. */
  Exchange post(String call, String body) {
    return record(call, send("POST", target.basePath() + "/" + call, body));
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

  /** Every lifecycle call so far, in order. */
  List<LifecycleCall> calls() {
    return List.copyOf(calls);
  }

  /** The adapter being checked. */
  AdapterTarget target() {
    return target;
  }

  private Exchange record(String call, Exchange exchange) {
    int slash = call.indexOf('/');
    String endpoint = slash < 0 ? call : call.substring(0, slash);
    Optional<String> runId = slash < 0 ? Optional.empty() : Optional.of(call.substring(slash + 1));
    lifecycle.add(exchange);
    calls.add(new LifecycleCall(endpoint, runId, exchange));
    return exchange;
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
