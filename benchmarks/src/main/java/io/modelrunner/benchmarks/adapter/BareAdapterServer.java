package io.modelrunner.benchmarks.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelrunner.api.adapter.ModelRunInfo;
import io.modelrunner.api.adapter.ModelRunState;
import io.modelrunner.api.json.JsonMappers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The floor of the adapter lifecycle benchmark: the same endpoints and JSON answers as the SDK, on
 * the same JDK HTTP server with the same 32 handler threads and TCP_NODELAY, but with no framework
 * (no routing layer, no filters) and a minimal state table. What remains is the cost of the JDK
 * HTTP server, the JSON and the client: the SDK cannot be faster than this on this stack.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.modelrunner.benchmarks.adapter.BareAdapterServer PORT
 * WORKERS}
 */
public final class BareAdapterServer {
  private static final String BASE = "/model/";

  private final ObjectMapper mapper = JsonMappers.standard();
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final ExecutorService models;

  private static final class Run {
    ModelRunState state = ModelRunState.ACCEPTED;
    JsonNode config;
    JsonNode result;
  }

  private BareAdapterServer(int workers) {
    models = Executors.newFixedThreadPool(workers);
  }

  public static void main(String[] args) throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    int port = Integer.parseInt(args[0]);
    int workers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    BareAdapterServer server = new BareAdapterServer(workers);
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
    http.setExecutor(Executors.newFixedThreadPool(32));
    http.createContext(BASE, server::handle);
    http.createContext(
        "/health", ex -> server.answer(ex, 200, ModelRunInfo.of(null, ModelRunState.UNKNOWN)));
    http.start();
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getPath().substring(BASE.length());
      int slash = path.indexOf('/');
      String op = slash < 0 ? path : path.substring(0, slash);
      String id = slash < 0 ? null : path.substring(slash + 1);
      boolean post = ex.getRequestMethod().equals("POST");
      if (op.equals("request") && !post) {
        String newId = UUID.randomUUID().toString();
        runs.put(newId, new Run());
        answer(ex, 200, ModelRunInfo.of(newId, ModelRunState.ACCEPTED));
        return;
      }
      Run run = id == null ? null : runs.get(id);
      if (run == null) {
        answer(ex, 404, ModelRunInfo.error(id, "unknown model run"));
        return;
      }
      switch (op) {
        case "initialize" -> initialize(ex, id, run);
        case "run" -> run(ex, id, run);
        case "status" -> answer(ex, 200, ModelRunInfo.of(id, state(run)));
        case "results" -> results(ex, id, run);
        case "remove" -> {
          runs.remove(id);
          answer(ex, 200, ModelRunInfo.of(id, ModelRunState.UNKNOWN));
        }
        default -> answer(ex, 404, ModelRunInfo.error(id, "no such endpoint"));
      }
    } catch (RuntimeException e) {
      answer(ex, 500, ModelRunInfo.error(null, e.toString()));
    }
  }

  private void initialize(HttpExchange ex, String id, Run run) throws IOException {
    JsonNode config;
    try (InputStream in = ex.getRequestBody()) {
      config = mapper.readTree(in);
    }
    synchronized (run) {
      if (run.state != ModelRunState.ACCEPTED) {
        answer(ex, 409, ModelRunInfo.error(id, "cannot initialize in state " + run.state));
        return;
      }
      run.config = config;
      run.state = ModelRunState.READY;
    }
    answer(ex, 200, ModelRunInfo.of(id, ModelRunState.READY));
  }

  private void run(HttpExchange ex, String id, Run run) throws IOException {
    synchronized (run) {
      if (run.state != ModelRunState.READY) {
        answer(ex, 409, ModelRunInfo.error(id, "cannot run in state " + run.state));
        return;
      }
      run.state = ModelRunState.RUNNING;
    }
    models.execute(
        () -> {
          JsonNode result =
              mapper
                  .createObjectNode()
                  .put("scenario", run.config.path("scenario").asText())
                  .put("ok", true);
          synchronized (run) {
            run.result = result;
            run.state = ModelRunState.SUCCEEDED;
          }
        });
    answer(ex, 200, ModelRunInfo.of(id, ModelRunState.RUNNING));
  }

  private void results(HttpExchange ex, String id, Run run) throws IOException {
    ModelRunState state;
    JsonNode result;
    synchronized (run) {
      state = run.state;
      result = run.result;
    }
    if (state == ModelRunState.SUCCEEDED) {
      answer(ex, 200, new ModelRunInfo(id, ModelRunState.READY, null, result));
    } else if (state == ModelRunState.RUNNING) {
      answer(ex, 200, ModelRunInfo.of(id, state));
    } else {
      answer(ex, 409, ModelRunInfo.error(id, "no results in state " + state));
    }
  }

  private static ModelRunState state(Run run) {
    synchronized (run) {
      return run.state;
    }
  }

  private void answer(HttpExchange ex, int status, ModelRunInfo info) throws IOException {
    byte[] body = mapper.writeValueAsBytes(info);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
