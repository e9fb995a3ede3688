package io.modelrunner.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelrunner.api.json.JsonMappers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny real model registry with the existing registry's API (POST upsert by uri, PUT, DELETE;
 * unknown fields rejected), recording every call.
 */
final class TinyRegistry implements AutoCloseable {
  record Call(String method, String path, JsonNode body) {}

  private static final Set<String> FIELDS =
      Set.of("name", "version", "uri", "max_workers", "used_workers", "owner", "status");

  final List<Call> calls = new CopyOnWriteArrayList<>();
  final Map<Long, JsonNode> entries = new ConcurrentHashMap<>();
  private final ObjectMapper mapper = JsonMappers.standard();
  private final AtomicLong ids = new AtomicLong(41);
  private final HttpServer server;

  TinyRegistry(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/registry/", this::handle);
    server.start();
  }

  /** {@code http://127.0.0.1:port}, the registry's base URL. */
  java.net.URI baseUri() {
    return java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      byte[] raw = exchange.getRequestBody().readAllBytes();
      JsonNode body = raw.length == 0 ? null : mapper.readTree(raw);
      calls.add(new Call(method, path, body));
      if (body != null) {
        for (var it = body.fieldNames(); it.hasNext(); ) {
          String field = it.next();
          if (!FIELDS.contains(field)) {
            reply(exchange, 422, "{\"detail\":\"unknown field " + field + "\"}");
            return;
          }
        }
      }
      String tail = path.substring("/registry/".length());
      switch (method) {
        case "POST" -> {
          long id =
              entries.entrySet().stream()
                  .filter(e -> e.getValue().path("uri").equals(body.path("uri")))
                  .map(Map.Entry::getKey)
                  .findFirst()
                  .orElseGet(ids::incrementAndGet);
          store(exchange, id, body);
        }
        case "PUT" -> {
          long id = Long.parseLong(tail);
          if (!entries.containsKey(id)) {
            reply(exchange, 404, "{\"detail\":\"not found\"}");
          } else {
            store(exchange, id, body);
          }
        }
        case "DELETE" -> {
          entries.remove(Long.parseLong(tail));
          reply(exchange, 204, null);
        }
        default -> reply(exchange, 405, "{}");
      }
    }
  }

  private void store(HttpExchange exchange, long id, JsonNode body) throws IOException {
    ObjectNode stored = ((ObjectNode) body.deepCopy()).put("id", id);
    entries.put(id, stored);
    reply(exchange, 200, mapper.writeValueAsString(stored));
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
