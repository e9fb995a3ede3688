package io.modelrunner.conformance.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelrunner.api.json.JsonMappers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A model registry on the JDK's HTTP server with the wire format of docs/adapter-api.md (list,
 * register by uri, read, heartbeat by PUT, deregister), and nothing else: no search, no liveness.
 */
public final class FakeRegistry implements AutoCloseable {
  private static final ObjectMapper MAPPER = JsonMappers.standard();
  private final Map<String, ObjectNode> entries = new LinkedHashMap<>();
  private final HttpServer server;

  private FakeRegistry() throws IOException {
    // as the SDK does: without it every small answer waits for the client's delayed ACK (~40 ms)
    System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/registry", this::handle);
    server.start();
  }

  public static FakeRegistry start() throws IOException {
    return new FakeRegistry();
  }

  /** The registry's base URL. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().replaceAll("/+$", "");
      String id = path.equals("/registry") ? null : path.substring("/registry/".length());
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      switch (exchange.getRequestMethod() + (id == null ? " collection" : " entry")) {
        case "GET collection" -> {
          ArrayNode list = MAPPER.createArrayNode();
          entries.values().forEach(list::add);
          write(exchange, 200, list);
        }
        case "POST collection" -> write(exchange, 200, register(MAPPER.readTree(body)));
        case "GET entry" -> write(exchange, entries.containsKey(id) ? 200 : 404, entries.get(id));
        case "PUT entry" -> {
          ObjectNode entry = entries.get(id);
          if (entry != null) {
            entry.put("last_seen", Instant.now().toString());
          }
          write(exchange, entry == null ? 404 : 200, entry);
        }
        case "DELETE entry" -> {
          boolean known = entries.remove(id) != null;
          exchange.sendResponseHeaders(known ? 204 : 404, -1);
        }
        default -> exchange.sendResponseHeaders(405, -1);
      }
    }
  }

  private ObjectNode register(JsonNode body) {
    String uri = body.path("uri").asText();
    ObjectNode entry =
        entries.values().stream()
            .filter(e -> e.path("uri").asText().equals(uri))
            .findFirst()
            .orElseGet(
                () -> {
                  ObjectNode e = MAPPER.createObjectNode().put("id", UUID.randomUUID().toString());
                  entries.put(e.path("id").asText(), e);
                  return e;
                });
    body.fields()
        .forEachRemaining(
            f -> {
              if (!f.getKey().equals("id")) {
                entry.set(f.getKey(), f.getValue());
              }
            });
    entry.put("last_seen", Instant.now().toString());
    return entry;
  }

  private static void write(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = MAPPER.writeValueAsBytes(body == null ? MAPPER.createObjectNode() : body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
