package io.modelrunner.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelrunner.api.json.JsonMappers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A registry that answers as the deployed MultiModelling/Model-Registry does (its
 * tno/mmvib_registry registry blueprint and models/modeladapter.py), recording every call:
 *
 * <ul>
 *   <li>the collection is {@code /registry/}; {@code /registry} without the slash answers 308 to it
 *       (Flask's strict slashes), which an HTTP client does not follow for a POST;
 *   <li>POST validates the body (marshmallow: unknown fields, missing {@code name}, {@code
 *       version}, {@code uri}, {@code max_workers}, {@code used_workers}, or a {@code status} other
 *       than READY/BUSY answer 422) and answers <b>200</b> (the view returns {@code jsonify(...)},
 *       which bypasses the declared 201) with the entry, its {@code id} a UUID string;
 *   <li>PUT {@code /registry/<id>} takes the same full body, answers 200 with the entry and
 *       refreshes {@code last_seen}, or 404 for an unknown id;
 *   <li>DELETE {@code /registry/<id>} answers 204 with no body, or 404;
 *   <li>POST {@code /registry/search} matches the given fields, strings case-insensitively.
 * </ul>
 */
final class ModelRegistryLike implements AutoCloseable {
  record Call(String method, String path, JsonNode body) {}

  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "version",
          "uri",
          "max_workers",
          "used_workers",
          "id",
          "status",
          "owner",
          "last_seen");
  private static final List<String> REQUIRED =
      List.of("name", "version", "uri", "max_workers", "used_workers");

  final List<Call> calls = new CopyOnWriteArrayList<>();

  /** The heartbeats (PUTs) answered 200. */
  final java.util.concurrent.atomic.AtomicInteger acceptedPuts =
      new java.util.concurrent.atomic.AtomicInteger();

  final Map<String, ObjectNode> entries = new ConcurrentHashMap<>();
  private final ObjectMapper mapper = JsonMappers.standard();
  private final HttpServer server;

  ModelRegistryLike() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code http://127.0.0.1:port}, the registry's base URL. */
  URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      byte[] raw = exchange.getRequestBody().readAllBytes();
      JsonNode body;
      try {
        body = raw.length == 0 ? null : mapper.readTree(raw);
      } catch (IOException e) {
        reply(exchange, 400, "{\"code\":400,\"status\":\"Bad Request\"}");
        return;
      }
      calls.add(new Call(method, path, body));
      if (path.equals("/registry")) {
        exchange.getResponseHeaders().set("Location", "/registry/");
        reply(exchange, 308, "");
        return;
      }
      if (!path.startsWith("/registry/")) {
        reply(exchange, 404, notFound("The requested URL was not found on the server."));
        return;
      }
      String tail = path.substring("/registry/".length());
      if (tail.isEmpty()) {
        switch (method) {
          case "GET" -> reply(exchange, 200, list(entries.values()));
          case "POST" -> post(exchange, body);
          default -> reply(exchange, 405, "{\"code\":405,\"status\":\"Method Not Allowed\"}");
        }
      } else if (tail.equals("search") && method.equals("POST")) {
        reply(exchange, 200, list(search(body)));
      } else if (tail.contains("/")) {
        reply(exchange, 404, notFound("The requested URL was not found on the server."));
      } else {
        switch (method) {
          case "GET" -> {
            ObjectNode e = entries.get(tail);
            reply(exchange, e == null ? 404 : 200, e == null ? missing(tail) : write(e));
          }
          case "PUT" -> put(exchange, tail, body);
          case "DELETE" -> {
            if (entries.remove(tail) == null) {
              reply(exchange, 404, missing(tail));
            } else {
              reply(exchange, 204, "");
            }
          }
          default -> reply(exchange, 405, "{\"code\":405,\"status\":\"Method Not Allowed\"}");
        }
      }
    }
  }

  private void post(HttpExchange exchange, JsonNode body) throws IOException {
    String invalid = invalid(body);
    if (invalid != null) {
      reply(exchange, 422, invalid);
      return;
    }
    ObjectNode entry = entry(body, UUID.randomUUID().toString());
    entries.put(entry.path("id").asText(), entry);
    reply(exchange, 200, write(entry));
  }

  private void put(HttpExchange exchange, String id, JsonNode body) throws IOException {
    String invalid = invalid(body);
    if (invalid != null) {
      reply(exchange, 422, invalid);
    } else if (!entries.containsKey(id)) {
      reply(exchange, 404, missing(id));
    } else {
      ObjectNode entry = entry(body, id);
      entries.put(id, entry);
      acceptedPuts.incrementAndGet();
      reply(exchange, 200, write(entry));
    }
  }

  private ObjectNode entry(JsonNode body, String id) {
    ObjectNode e = mapper.createObjectNode();
    for (String f : REQUIRED) {
      e.set(f, body.get(f));
    }
    e.put("id", id);
    e.put("status", body.path("status").asText("READY"));
    e.set("owner", body.hasNonNull("owner") ? body.get("owner") : e.nullNode());
    e.put("last_seen", LocalDateTime.now().toString());
    return e;
  }

  /** The 422 answer flask-smorest gives for a body the schema refuses, or null when valid. */
  private String invalid(JsonNode body) {
    ObjectNode errors = mapper.createObjectNode();
    if (body == null || !body.isObject()) {
      errors.putArray("_schema").add("Invalid input type.");
    } else {
      body.fieldNames()
          .forEachRemaining(
              f -> {
                if (!FIELDS.contains(f)) {
                  errors.putArray(f).add("Unknown field.");
                }
              });
      for (String f : REQUIRED) {
        if (!body.hasNonNull(f)) {
          errors.putArray(f).add("Missing data for required field.");
        }
      }
      String status = body.path("status").asText("READY");
      if (!status.equals("READY") && !status.equals("BUSY")) {
        errors.putArray("status").add("Invalid enum member " + status);
      }
    }
    if (errors.isEmpty()) {
      return null;
    }
    ObjectNode answer = mapper.createObjectNode().put("code", 422);
    answer.putObject("errors").set("json", errors);
    answer.put("status", "Unprocessable Entity");
    return write(answer);
  }

  private List<ObjectNode> search(JsonNode filter) {
    return entries.values().stream()
        .filter(
            e -> {
              for (var it = filter.fields(); it.hasNext(); ) {
                var f = it.next();
                JsonNode v = e.get(f.getKey());
                boolean match =
                    v != null && v.isTextual() && f.getValue().isTextual()
                        ? v.asText().equalsIgnoreCase(f.getValue().asText())
                        : f.getValue().equals(v);
                if (!match) {
                  return false;
                }
              }
              return true;
            })
        .toList();
  }

  private String list(java.util.Collection<ObjectNode> items) {
    ArrayNode a = mapper.createArrayNode();
    items.forEach(a::add);
    return write(a);
  }

  private String missing(String id) {
    return notFound("Cant find model with id=" + id);
  }

  private String notFound(String message) {
    return write(
        mapper
            .createObjectNode()
            .put("code", 404)
            .put("message", message)
            .put("status", "Not Found"));
  }

  private String write(JsonNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
