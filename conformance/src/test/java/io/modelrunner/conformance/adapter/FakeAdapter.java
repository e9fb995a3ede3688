package io.modelrunner.conformance.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A hand-written adapter on the JDK's HTTP server that honours docs/adapter-api.md except for the
 * one {@link Breakage} it is started with. Every answer is immediate; a started run finishes at its
 * third {@code status} call (a model that takes a moment, without a clock). One worker; at most
 * {@code admitted} runs admitted at once (further requests wait {@code PENDING}). With a registry,
 * it registers on start, heartbeats every 50 ms and deregisters on {@link #close()}.
 */
public final class FakeAdapter implements AutoCloseable {
  /** The one behaviour broken, and the clauses that must catch it. */
  public enum Breakage {
    NONE(),
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
    RESULTS_WITHOUT_RESULT("A-RES-1"),
    REMOVE_DOES_NOT_FORGET("A-RM-1"),
    RESULTS_SAY_READY("A-RES-2"),
    NO_ROOT_STATUS("A-ROOT-1"),
    /** The first status of a started run says ACCEPTED (a status handler reading a stale field). */
    STATUS_GOES_BACK_TO_ACCEPTED("A-STATE-1"),
    /** Admits and runs every run at once, whatever it declared. */
    IGNORES_CAPACITY("A-CAP-1"),
    /** Holds a request PENDING at capacity, and never admits it. */
    PENDING_NEVER_ADMITTED("A-CAP-1"),
    NEVER_REGISTERS("A-REG-1"),
    NEVER_HEARTBEATS("A-REG-2"),
    NEVER_DEREGISTERS("A-REG-3"),
    /**
     * Behaves as the deployed MultiModelling adapters do (MultiModelling/Adapter-ETM-KPIs,
     * tno/esdl_add_etm_kpis_adapter/model/model.py and apis/model_api.py; the other Adapter-*
     * repositories share that code): 200 ERROR for a run id it does not know, run and results in
     * any state, status that finishes the run, {@code remove} answering {@code REMOVED!} as
     * text/html, flask-smorest error bodies ({@code {"code", "status", "errors"}}), Flask's HTML
     * 404, and no config-schema.
     */
    DEPLOYED_MMVIB("A-CT-1", "A-BODY-1", "A-ERR-1", "A-ERR-404", "A-ERR-409", "A-RM-1");

    private final Set<String> clauses;

    Breakage(String... clauses) {
      this.clauses = Set.of(clauses);
    }

    /** The ids of the clauses this breakage must fail (or warn about, for SHOULD clauses). */
    public Set<String> clauses() {
      return clauses;
    }
  }

  private static final ObjectMapper MAPPER = JsonMappers.standard();
  private static final int FINISHING_STATUS_CALL = 3;
  private static final int WORKERS = 1;

  private final Breakage breakage;
  private final int admitted;
  private final Map<String, String> states = new HashMap<>();
  private final Map<String, Integer> statusCalls = new HashMap<>();
  private final Set<String> forgottenButAnswered = new HashSet<>();
  private final Deque<String> pending = new ArrayDeque<>();
  private final Deque<String> queued = new ArrayDeque<>();
  private final HttpServer server;
  private final Optional<Registration> registration;
  private final AtomicBoolean closed = new AtomicBoolean();

  private FakeAdapter(Breakage breakage, int admitted, Optional<URI> registry) throws IOException {
    this.breakage = breakage;
    this.admitted = admitted;
    // as the SDK does: without it every small answer waits for the client's delayed ACK (~40 ms)
    System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
    registration = registry.filter(r -> breakage != Breakage.NEVER_REGISTERS).map(this::register);
  }

  /** One run admitted at a time, no registry. */
  public static FakeAdapter start(Breakage breakage) throws IOException {
    return new FakeAdapter(breakage, 1, Optional.empty());
  }

  /**
   * @param admitted how many runs it admits at once (with one worker, more than one makes a run
   *     started while another runs wait QUEUED)
   * @param registry the registry's base URL to register with
   */
  public static FakeAdapter start(Breakage breakage, int admitted, Optional<URI> registry)
      throws IOException {
    return new FakeAdapter(breakage, admitted, registry);
  }

  public URI root() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** How many runs it still knows (removed runs are forgotten). */
  public synchronized int runsKnown() {
    return states.size();
  }

  /** Deregisters (unless broken so) and stops; a second call does nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    registration.ifPresent(Registration::close);
    server.stop(0);
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
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
        notFound(exchange);
        return;
      }
      String call = parts[2];
      String id = parts.length > 3 ? parts[3] : null;
      if (breakage == Breakage.DEPLOYED_MMVIB) {
        deployed(exchange, call, id, body);
      } else {
        lifecycle(exchange, call, id, body);
      }
    }
  }

  private void lifecycle(HttpExchange exchange, String call, String id, String body)
      throws IOException {
    if (call.equals("config-schema")) {
      write(exchange, 200, "{\"type\": \"object\"}");
      return;
    }
    if (call.equals("request")) {
      request(exchange);
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
      case "status" -> status(exchange, id, state);
      case "results" -> results(exchange, id, state);
      case "remove" -> {
        if (!forgottenButAnswered.contains(id)) {
          free(id);
        }
        if (breakage == Breakage.REMOVE_DOES_NOT_FORGET) {
          forgottenButAnswered.add(id);
        } else {
          states.remove(id);
        }
        send(exchange, 200, id, "UNKNOWN", null);
      }
      default -> send(exchange, 404, id, "ERROR", "no such endpoint");
    }
  }

  private void request(HttpExchange exchange) throws IOException {
    String id = UUID.randomUUID().toString();
    boolean atCapacity =
        breakage != Breakage.IGNORES_CAPACITY
            && count("ACCEPTED", "READY", "QUEUED", "RUNNING") >= admitted;
    if (atCapacity) {
      states.put(id, "PENDING");
      pending.add(id);
      send(exchange, 200, id, "PENDING", null);
      return;
    }
    states.put(id, "ACCEPTED");
    send(
        exchange, 200, id, breakage == Breakage.REQUEST_ANSWERS_READY ? "READY" : "ACCEPTED", null);
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
    if (breakage == Breakage.RUN_ANSWERS_ERROR) {
      states.put(id, "ERROR");
      send(exchange, 200, id, "ERROR", "could not start");
      return;
    }
    if (breakage != Breakage.IGNORES_CAPACITY && count("RUNNING") >= WORKERS) {
      states.put(id, "QUEUED");
      queued.add(id);
      send(exchange, 200, id, "QUEUED", null);
      return;
    }
    states.put(id, "RUNNING");
    send(exchange, 200, id, "RUNNING", null);
  }

  private void status(HttpExchange exchange, String id, String state) throws IOException {
    if (!state.equals("RUNNING") || forgottenButAnswered.contains(id)) {
      send(exchange, 200, id, state, null);
      return;
    }
    if (breakage == Breakage.STATUS_NEVER_FINISHES) {
      send(exchange, 200, id, "RUNNING", null);
      return;
    }
    int calls = statusCalls.merge(id, 1, Integer::sum);
    if (breakage == Breakage.STATUS_GOES_BACK_TO_ACCEPTED && calls == 1) {
      send(exchange, 200, id, "ACCEPTED", null);
      return;
    }
    if (calls >= FINISHING_STATUS_CALL) {
      free(id);
      states.put(id, "SUCCEEDED");
    }
    send(exchange, 200, id, states.get(id), null);
  }

  private void results(HttpExchange exchange, String id, String state) throws IOException {
    if (!state.equals("SUCCEEDED") && breakage != Breakage.RESULTS_BEFORE_RUN_ANSWERED) {
      send(exchange, 409, id, "ERROR", "the run is " + state);
      return;
    }
    switch (breakage) {
      case RESULTS_WITHOUT_RESULT -> send(exchange, 200, id, "SUCCEEDED", null);
      case RESULTS_SAY_READY -> sendResult(exchange, id, "READY");
      default -> sendResult(exchange, id, "SUCCEEDED");
    }
  }

  /** The run leaves its slot (finished or removed): the oldest waiting runs move up. */
  private void free(String id) {
    String state = states.get(id);
    pending.remove(id);
    queued.remove(id);
    if (Set.of("ACCEPTED", "READY", "QUEUED", "RUNNING").contains(state)
        && !pending.isEmpty()
        && breakage != Breakage.PENDING_NEVER_ADMITTED) {
      states.put(pending.poll(), "ACCEPTED");
    }
    if ("RUNNING".equals(state) && !queued.isEmpty()) {
      states.put(queued.poll(), "RUNNING");
    }
  }

  private long count(String... inStates) {
    Set<String> wanted = Set.of(inStates);
    return states.entrySet().stream()
        .filter(e -> !forgottenButAnswered.contains(e.getKey()))
        .filter(e -> wanted.contains(e.getValue()))
        .count();
  }

  /** The deployed MultiModelling adapters' model.py and model_api.py, as they behave. */
  private void deployed(HttpExchange exchange, String call, String id, String body)
      throws IOException {
    if (call.equals("request")) {
      String newId = UUID.randomUUID().toString();
      states.put(newId, "ACCEPTED");
      send(exchange, 200, newId, "ACCEPTED", null);
      return;
    }
    if (call.equals("remove")) {
      states.remove(id);
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      byte[] removed = "REMOVED!".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, removed.length);
      exchange.getResponseBody().write(removed);
      return;
    }
    if (!Set.of("initialize", "run", "status", "results").contains(call) || id == null) {
      notFound(exchange);
      return;
    }
    if (call.equals("initialize")) {
      JsonNode config;
      try {
        config = MAPPER.readTree(body);
      } catch (JsonProcessingException e) {
        write(exchange, 400, "{\"code\": 400, \"status\": \"Bad Request\"}");
        return;
      }
      if (!config.isObject()) {
        write(
            exchange,
            422,
            "{\"code\": 422, \"errors\": {\"json\": {\"_schema\": [\"Invalid input type.\"]}},"
                + " \"status\": \"Unprocessable Entity\"}");
        return;
      }
    }
    String state = states.get(id);
    if (state == null) {
      send(exchange, 200, id, "ERROR", "Error in Model." + call + "(): model_run_id unknown");
      return;
    }
    switch (call) {
      case "initialize" -> states.put(id, "READY");
      case "run" -> states.put(id, "RUNNING");
      case "status" -> states.put(id, "SUCCEEDED");
      default -> {}
    }
    if (call.equals("results") && states.get(id).equals("SUCCEEDED")) {
      sendResult(exchange, id, "SUCCEEDED");
    } else {
      send(exchange, 200, id, states.get(id), null);
    }
  }

  private void notFound(HttpExchange exchange) throws IOException {
    byte[] page = "<!doctype html><title>404 Not Found</title>".getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(404, page.length);
    exchange.getResponseBody().write(page);
  }

  private void sendResult(HttpExchange exchange, String id, String state) throws IOException {
    ObjectNode answer = answer(id, state, null);
    answer.putObject("result").put("path", "results/" + id + ".json");
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

  private Registration register(URI registry) {
    return new Registration(
        RegistryProbe.collection(registry), root(), breakage != Breakage.NEVER_HEARTBEATS);
  }

  /** The entry in the registry: POSTed at once, PUT every 50 ms, DELETEd on close. */
  private final class Registration {
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI entry;
    private final ObjectNode body;
    private final ScheduledExecutorService heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "fake-adapter-heartbeat");
              t.setDaemon(true);
              return t;
            });

    Registration(URI collection, URI uri, boolean heartbeat) {
      body =
          MAPPER
              .createObjectNode()
              .put("name", "fake")
              .put("version", "1")
              .put("uri", uri.toString())
              .put("max_workers", WORKERS)
              .put("used_workers", 0)
              .put("owner", "tests")
              .put("status", "READY");
      JsonNode stored = send("POST", collection, body.toString());
      entry = collection.resolve(stored.path("id").asText());
      if (heartbeat) {
        heartbeats.scheduleWithFixedDelay(
            () -> send("PUT", entry, body.toString()), 50, 50, TimeUnit.MILLISECONDS);
      }
    }

    void close() {
      heartbeats.shutdownNow();
      try {
        heartbeats.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (breakage != Breakage.NEVER_DEREGISTERS) {
        send("DELETE", entry, null);
      }
    }

    private JsonNode send(String method, URI uri, String json) {
      HttpRequest.BodyPublisher publisher =
          json == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(json);
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .header("Content-Type", "application/json")
              .method(method, publisher)
              .build();
      try {
        String answer = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
        return answer.isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(answer);
      } catch (IOException e) {
        throw new IllegalStateException(
            "the fake registry did not answer " + method + " " + uri, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted calling " + uri, e);
      }
    }
  }
}
