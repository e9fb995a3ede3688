package io.modelrunner.adapter.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.modelrunner.api.adapter.ModelRunInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Writes adapter answers. The body is serialised to bytes first, so every answer has a {@code
 * Content-Length}, and the {@code Content-Type} header is exactly {@code application/json} (no
 * charset parameter: the existing orchestrator compares the header string literally).
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class JsonResponses {
  public static final String CONTENT_TYPE = "application/json";

  private final ObjectMapper mapper;

  public JsonResponses(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  public void send(HttpExchange exchange, Outcome outcome) throws IOException {
    send(exchange, outcome.status(), outcome.info());
  }

  public void send(HttpExchange exchange, int status, ModelRunInfo info) throws IOException {
    sendJson(exchange, status, info);
  }

  /** Sends {@code body} written as JSON. */
  public void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an adapter response", e);
    }
    sendBytes(exchange, status, CONTENT_TYPE, bytes);
  }

  /** Sends {@code body} with {@code Cache-Control: no-store}; a HEAD request gets the headers. */
  static void sendBytes(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if ("HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
