package io.modelrunner.app.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.app.bootstrap.RunnerServer;
import io.modelrunner.app.config.ServiceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * A real {@code serve} in this JVM for the browser tests: the process engine, port 0, a data folder
 * of its own and the {@link ConsoleModels} catalog; with a small client of its API (bearer token)
 * to dispatch runs, wait for them and release or find the slow model's process.
 */
final class ConsoleServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A configuration the built-in input schema accepts (the epidemic models' and the others'). */
  static final String EPIDEMIC_CONFIGURATION =
      "{\"region\":\"US\",\"parameters\":{\"calibrationDate\":\"2020-04-18\","
          + "\"calibrationCaseCount\":1400,\"calibrationDeathCount\":200,\"r0\":null,"
          + "\"interventionPeriods\":[]}}";

  private final RunnerServer server;
  private final Path dir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private ConsoleServer(RunnerServer server, Path dir) {
    this.server = server;
    this.dir = dir;
  }

  /** Starts a service named {@code name} (its node id) with its files under {@code dir}. */
  static ConsoleServer start(Path dir, String name) throws IOException {
    Path catalog = ConsoleModels.write(dir);
    Map<String, String> settings = new HashMap<>();
    settings.put("server.port", "0");
    settings.put("data.dir", dir.resolve("data").toString());
    settings.put("engine", "process");
    settings.put("models.catalog", catalog.toString());
    settings.put("runs.max-concurrent", "4");
    settings.put("watchdog.interval", "PT0.2S");
    settings.put("node.id", name + "-" + ProcessHandle.current().pid());
    RunnerServer server =
        RunnerServer.start(ServiceConfig.load(null, Map.of(), settings), System.getenv());
    return new ConsoleServer(server, dir);
  }

  /** Where the console is served: {@code http://127.0.0.1:<port>/ui/}. */
  URI consoleUri() {
    return server.baseUri().resolve("/ui/");
  }

  URI baseUri() {
    return server.baseUri();
  }

  String token() {
    return server.apiToken();
  }

  String nodeId() {
    return server.nodeId();
  }

  /** Dispatches one run per slug of request {@code requestId}; returns their run ids in order. */
  List<String> dispatch(String requestId, String... slugs) {
    return dispatchWithCallback(requestId, null, slugs);
  }

  /** As {@link #dispatch}, with {@code callbackUrl} (null: none). */
  List<String> dispatchWithCallback(String requestId, String callbackUrl, String... slugs) {
    StringBuilder models = new StringBuilder();
    for (String slug : slugs) {
      models.append(models.length() == 0 ? "" : ",");
      models.append("{\"slug\":\"").append(slug).append("\",\"imageURL\":\"local/none:1\"}");
    }
    return dispatchBody(
        "{\"id\":\""
            + requestId
            + "\",\"models\":["
            + models
            + "],\"configuration\":"
            + EPIDEMIC_CONFIGURATION
            + ",\"callbackURL\":"
            + (callbackUrl == null ? "null" : "\"" + callbackUrl + "\"")
            + "}");
  }

  /** Dispatches the energy example's request as {@code requestId}; returns the run id. */
  String dispatchEnergy(String requestId) throws IOException {
    ObjectNode request =
        (ObjectNode)
            JSON.readTree(
                ConsoleModels.repository().resolve("examples/energy-request.json").toFile());
    request.put("id", requestId);
    request.putArray("models").addObject().put("slug", "energy").put("imageURL", "local/none:1");
    return dispatchBody(JSON.writeValueAsString(request)).get(0);
  }

  private List<String> dispatchBody(String body) {
    JsonNode answer = send("POST", "/api/runs", body, 202);
    List<String> runIds = new ArrayList<>();
    answer.path("runs").forEach(run -> runIds.add(run.path("runId").asText()));
    return runIds;
  }

  /** The run view of {@code GET /api/runs/{runId}}. */
  JsonNode run(String runId) {
    return send("GET", "/api/runs/" + runId, null, 200);
  }

  /** Waits until the run's view satisfies {@code condition}; returns that view. */
  JsonNode awaitRun(String runId, Predicate<JsonNode> condition) {
    return new FluentWait<>(runId)
        .withTimeout(Browser.WAIT)
        .pollingEvery(Duration.ofMillis(100))
        .withMessage(() -> "run " + runId + " is " + run(runId))
        .until(id -> condition.test(run(id)) ? run(id) : null);
  }

  static boolean ended(JsonNode run) {
    return List.of("COMPLETE", "FAILED").contains(run.path("state").asText());
  }

  /** Lets the slow model of {@code runId} finish. */
  void release(String runId) throws IOException {
    Files.writeString(dir.resolve("release").resolve(runId), "go");
  }

  /** The pid of the slow model of {@code runId}, once it has started. */
  long slowModelPid(String runId) {
    Path file = dir.resolve("pids").resolve(runId + ".pid");
    return new FluentWait<>(file)
        .withTimeout(Browser.WAIT)
        .pollingEvery(Duration.ofMillis(100))
        .withMessage("the slow model of " + runId + " never started")
        .until(
            f -> {
              try {
                String text = Files.exists(f) ? Files.readString(f).trim() : "";
                return text.isEmpty() ? null : Long.parseLong(text);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  /** Registers an adapter as adapters do ({@code POST /registry/}); returns its entry. */
  JsonNode registerAdapter(String name, String version, String uri) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("name", name)
            .put("version", version)
            .put("uri", uri)
            .put("max_workers", 2)
            .put("used_workers", 0);
    try {
      return sendAs(null, "POST", "/registry/", JSON.writeValueAsString(body), 200);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode send(String method, String path, String body, int expected) {
    return sendAs(server.apiToken(), method, path, body, expected);
  }

  private JsonNode sendAs(String token, String method, String path, String body, int expected) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.baseUri().resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> answer =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != expected) {
        throw new AssertionError(
            method + " " + path + " answered " + answer.statusCode() + ": " + answer.body());
      }
      return answer.body().isEmpty() ? JSON.nullNode() : JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + method + " " + path, e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
