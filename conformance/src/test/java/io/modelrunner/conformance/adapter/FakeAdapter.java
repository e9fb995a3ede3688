package io.modelrunner.conformance.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A hand-written adapter on the JDK's HTTP server that honours docs/adapter-api.md except for the
 * one {@link Breakage} it is started with; every answer is immediate (run succeeds at once).
 */
public final class FakeAdapter implements AutoCloseable {
  /** The one behaviour broken, and the clause that must catch it. */
  public enum Breakage {
    NONE(null),
    CHARSET_IN_CONTENT_TYPE("A-CT-1"),
    NO_REASON_KEY("A-BODY-1"),
    TEXT_ERROR_BODY("A-ERR-1"),
    OK_FOR_UNKNOWN_ID("A-ERR-404"),
    RUN_BEFORE_INITIALIZE_ACCEPTED("A-ERR-409"),
    RESULTS_BEFORE_RUN_ANSWERED("A-ERR-409"),
    NON_JSON_INITIALIZE_ACCEPTED("A-ERR-400"),
    SCHEMA_VIOLATION_ACCEPTED("A-ERR-422"),
    REQUEST_ANSWERS_READY("A-REQ-1"),
    RUN_ANSWERS_ERROR("A-RUN-1"),
    STATUS_NEVER_FINISHES("A-STATUS-1"),
    RESULTS_NEVER_SUCCEED("A-RES-1"),
    REMOVE_DOES_NOT_FORGET("A-RM-1"),
    RESULTS_SAY_READY("A-RES-2"),
    NO_ROOT_STATUS("A-ROOT-1");

    private final String clause;

    Breakage(String clause) {
      this.clause = clause;
    }

    /** The id of the clause this breakage must fail (or warn, for a SHOULD clause). */
    public String clause() {
      return clause;
    }
  }

  private static final ObjectMapper MAPPER = JsonMappers.standard();
  private final Breakage breakage;
  private final Map<String, String> states = new ConcurrentHashMap<>();
  private final HttpServer server;

  private FakeAdapter(Breakage breakage) throws IOException {
    this.breakage = breakage;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public static FakeAdapter start(Breakage breakage) throws IOException {
    return new FakeAdapter(breakage);
  }

  public URI root() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String[] parts = exchange.getRequestURI().getPath().split("/");
      if (parts.length == 2 && parts[1].equals("status")) {
        if (breakage == Breakage.NO_ROOT_STATUS) {
          send(exchange, 404, null, "ERROR", "no such endpoint");
        } else {
          send(exchange, 200, null, "READY", null);
        }
        return;
      }
      if (parts.length < 3 || !parts[1].equals("model")) {
        send(exchange, 404, null, "ERROR", "no such endpoint");
        return;
      }
      String call = parts[2];
      String id = parts.length > 3 ? parts[3] : null;
      lifecycle(exchange, call, id, body);
    }
  }

  private void lifecycle(HttpExchange exchange, String call, String id, String body)
      throws IOException {
    if (call.equals("config-schema")) {
      write(exchange, 200, "{\"type\": \"object\"}");
      return;
    }
    if (call.equals("request")) {
      String newId = UUID.randomUUID().toString();
      states.put(newId, "ACCEPTED");
      String state = breakage == Breakage.REQUEST_ANSWERS_READY ? "READY" : "ACCEPTED";
      send(exchange, 200, newId, state, null);
      return;
    }
    String state = id == null ? null : states.get(id);
    if (state == null) {
      if (breakage == Breakage.OK_FOR_UNKNOWN_ID && call.equals("status")) {
        send(exchange, 200, id, "UNKNOWN", null);
      } else {
        send(exchange, 404, id, "ERROR", "unknown model_run_id " + id);
      }
      return;
    }
    switch (call) {
      case "initialize" -> initialize(exchange, id, state, body);
      case "run" -> run(exchange, id, state);
      case "status" ->
          send(
              exchange,
              200,
              id,
              breakage == Breakage.STATUS_NEVER_FINISHES ? "RUNNING" : state,
              null);
      case "results" -> results(exchange, id, state);
      case "remove" -> {
        if (breakage != Breakage.REMOVE_DOES_NOT_FORGET) {
          states.remove(id);
        }
        send(exchange, 200, id, "UNKNOWN", null);
      }
      default -> send(exchange, 404, id, "ERROR", "no such endpoint");
    }
  }

  private void initialize(HttpExchange exchange, String id, String state, String body)
      throws IOException {
    try {
      if (!MAPPER.readTree(body).isObject() && breakage != Breakage.SCHEMA_VIOLATION_ACCEPTED) {
        send(exchange, 422, id, "ERROR", "(root): must be an object");
        return;
      }
    } catch (JsonProcessingException e) {
      if (breakage != Breakage.NON_JSON_INITIALIZE_ACCEPTED) {
        send(exchange, 400, id, "ERROR", "the body is not JSON");
        return;
      }
    }
    if (!state.equals("ACCEPTED")) {
      send(exchange, 409, id, "ERROR", "the run is " + state);
      return;
    }
    states.put(id, "READY");
    send(exchange, 200, id, "READY", null);
  }

  private void run(HttpExchange exchange, String id, String state) throws IOException {
    boolean allowed =
        state.equals("READY")
            || (breakage == Breakage.RUN_BEFORE_INITIALIZE_ACCEPTED && state.equals("ACCEPTED"));
    if (!allowed) {
      send(exchange, 409, id, "ERROR", "the run is " + state);
      return;
    }
    states.put(id, "SUCCEEDED");
    if (breakage == Breakage.RUN_ANSWERS_ERROR) {
      send(exchange, 200, id, "ERROR", "could not start");
    } else {
      send(exchange, 200, id, "RUNNING", null);
    }
  }

  private void results(HttpExchange exchange, String id, String state) throws IOException {
    if (!state.equals("SUCCEEDED") && breakage != Breakage.RESULTS_BEFORE_RUN_ANSWERED) {
      send(exchange, 409, id, "ERROR", "the run is " + state);
      return;
    }
    switch (breakage) {
      case RESULTS_NEVER_SUCCEED -> send(exchange, 200, id, "RUNNING", null);
      case RESULTS_SAY_READY -> sendResult(exchange, id, "READY");
      default -> sendResult(exchange, id, "SUCCEEDED");
    }
  }

  private void sendResult(HttpExchange exchange, String id, String state) throws IOException {
    ObjectNode answer = answer(id, state, null);
    answer.putObject("result").put("value", 42);
    write(exchange, 200, MAPPER.writeValueAsString(answer));
  }

  private void send(HttpExchange exchange, int status, String id, String state, String reason)
      throws IOException {
    if (status >= 400 && breakage == Breakage.TEXT_ERROR_BODY) {
      write(exchange, status, "Error: " + reason);
      return;
    }
    ObjectNode answer = answer(id, state, reason);
    if (status < 400 && breakage == Breakage.NO_REASON_KEY) {
      answer.remove("reason");
    }
    write(exchange, status, MAPPER.writeValueAsString(answer));
  }

  private static ObjectNode answer(String id, String state, String reason) {
    ObjectNode answer = MAPPER.createObjectNode();
    answer.put("model_run_id", id);
    answer.put("state", state);
    answer.put("reason", reason);
    answer.putNull("result");
    return answer;
  }

  private void write(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String contentType =
        breakage == Breakage.CHARSET_IN_CONTENT_TYPE
            ? "application/json; charset=utf-8"
            : "application/json";
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
