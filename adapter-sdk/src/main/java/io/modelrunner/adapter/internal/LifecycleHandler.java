package io.modelrunner.adapter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.modelrunner.api.adapter.ModelRunInfo;
import io.modelrunner.api.adapter.ModelRunState;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The adapter lifecycle endpoints, served under the configured base path: {@code GET request},
 * {@code POST initialize/{id}}, {@code GET run/{id}}, {@code GET status/{id}}, {@code GET
 * results/{id}}, {@code GET remove/{id}}, a liveness probe {@code GET status}, and {@code GET
 * config-schema}: the JSON Schema {@code initialize} bodies are validated against (404 when the
 * adapter declares none).
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class LifecycleHandler extends JsonHandler {
  /** Beyond this many bytes an oversize body is not read any further (the connection closes). */
  static final long DRAIN_LIMIT = 64L * 1024 * 1024;

  private final RunCoordinator<?> coordinator;
  private final int maxBodyBytes;
  private final JsonNode configSchema;

  /**
   * @param configSchema the adapter's config schema document, or null when it declares none
   */
  public LifecycleHandler(
      RunCoordinator<?> coordinator,
      JsonResponses responses,
      int maxBodyBytes,
      JsonNode configSchema) {
    super(responses);
    this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
    this.maxBodyBytes = maxBodyBytes;
    this.configSchema = configSchema;
  }

  @Override
  boolean serve(HttpExchange exchange, String path) throws IOException {
    int slash = path.indexOf('/');
    String call = slash < 0 ? path : path.substring(0, slash);
    String id = slash < 0 ? null : decode(path.substring(slash + 1));
    if (id != null && (id.isEmpty() || path.indexOf('/', slash + 1) >= 0)) {
      return false; // "status//" or "status/a/b": no such endpoint
    }
    if (id == null) {
      switch (call) {
        case "request" -> {
          requireGet(exchange, false);
          responses.send(exchange, coordinator.request());
        }
        case "status" -> {
          requireGet(exchange, true);
          responses.send(exchange, 200, ModelRunInfo.of(null, ModelRunState.UNKNOWN));
        }
        case "config-schema" -> {
          requireGet(exchange, true);
          if (configSchema == null) {
            responses.send(
                exchange,
                404,
                ModelRunInfo.error(
                    null,
                    "this adapter declares no config schema (ModelAdapter.configSchema()); any"
                        + " JSON object is passed to its initialize"));
          } else {
            responses.sendJson(exchange, 200, configSchema);
          }
        }
        default -> {
          return false;
        }
      }
      return true;
    }
    switch (call) {
      case "initialize" -> {
        requirePost(exchange);
        initialize(exchange, id);
      }
      case "run" -> {
        requireGet(exchange, false);
        responses.send(exchange, coordinator.run(id));
      }
      case "status" -> {
        requireGet(exchange, true);
        responses.send(exchange, coordinator.status(id));
      }
      case "results" -> {
        requireGet(exchange, false);
        responses.send(exchange, coordinator.results(id));
      }
      case "remove" -> {
        requireGet(exchange, false);
        responses.send(exchange, coordinator.remove(id));
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private void initialize(HttpExchange exchange, String id) throws IOException {
    InputStream body = exchange.getRequestBody();
    byte[] bytes = body.readNBytes(maxBodyBytes + 1);
    if (bytes.length > maxBodyBytes) {
      drain(body);
      responses.send(
          exchange,
          413,
          ModelRunInfo.error(
              id,
              "the body is larger than this adapter accepts ("
                  + maxBodyBytes
                  + " bytes); pass large inputs by reference"));
      return;
    }
    responses.send(exchange, coordinator.initialize(id, bytes));
  }

  /**
   * Reads and discards the rest of an oversize body (up to {@link #DRAIN_LIMIT}), so that the
   * client receives the 413 instead of a connection reset while it is still sending.
   */
  private static void drain(InputStream body) throws IOException {
    long drained = 0;
    byte[] buffer = new byte[64 * 1024];
    int n;
    while (drained < DRAIN_LIMIT && (n = body.read(buffer)) >= 0) {
      drained += n;
    }
  }

  /** Percent-decodes one path segment ({@code +} stays a plus, as in any URI path). */
  private static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment; // a malformed escape is taken literally, and matches no run
    }
  }
}
