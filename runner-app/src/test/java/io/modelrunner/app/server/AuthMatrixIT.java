package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.app.bootstrap.RunnerServer;
import io.modelrunner.app.config.ServiceConfig;
import io.modelrunner.app.testing.SocketHttp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint × every method × many spellings of its path, without a token, over raw sockets
 * against a served instance that holds a dispatched run and a registry entry: a protected endpoint
 * never answers 2xx or 3xx, no answer ever carries the run's id or request id, nothing is
 * dispatched or changed, and the open endpoints stay open. Registry writes are protected here by
 * {@code registry.token}.
 */
class AuthMatrixIT {
  private static final String REGISTRY_TOKEN = "registry-token-for-the-matrix";
  private static final String REQUEST_ID = "leak-probe-7f3a9c";
  private static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

  @TempDir static Path dir;
  static RunnerServer server;
  static Api api;
  static String runId;
  static String entryId;
  static SocketHttp anonymous;

  @BeforeAll
  static void start() throws Exception {
    server =
        RunnerServer.start(
            ServiceConfig.load(
                null,
                Map.of(),
                Map.of(
                    "server.port",
                    "0",
                    "data.dir",
                    dir.resolve("data").toString(),
                    "engine",
                    "process",
                    "registry.token",
                    REGISTRY_TOKEN)),
            System.getenv());
    api = new Api(server.baseUri(), server.apiToken());
    Api.Answer dispatched =
        api.post("/api/runs", Api.request(REQUEST_ID, null, "quick", "local/none:1"));
    assertThat(dispatched.status()).as(dispatched.text()).isEqualTo(202);
    runId = dispatched.json().path("runs").get(0).path("runId").asText();
    SocketHttp adapter =
        new SocketHttp(server.port(), null).header("Authorization", "Bearer " + REGISTRY_TOKEN);
    SocketHttp.Answer registered = adapter.post("/registry/", entry("http://127.0.0.1:9001"));
    assertThat(registered.status()).as(registered.toString()).isEqualTo(200);
    entryId = registered.json().path("id").asText();
    anonymous = new SocketHttp(server.port(), null);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String entry(String uri) {
    return "{\"name\":\"seir\",\"version\":\"1\",\"uri\":\""
        + uri
        + "\",\"max_workers\":1,\"used_workers\":0,\"owner\":\"o\",\"status\":\"READY\"}";
  }

  /** What the endpoint is, and whether {@code method} on it needs a token. */
  private record Endpoint(String path, Set<String> protectedMethods) {}

  private static List<Endpoint> endpoints() {
    Set<String> all = Set.copyOf(METHODS);
    Set<String> writes = Set.of("POST", "PUT", "DELETE", "PATCH");
    return List.of(
        new Endpoint("/api/runs", all),
        new Endpoint("/api/runs/" + runId, all),
        new Endpoint("/api/dispatch", all),
        new Endpoint("/api/runs/" + runId + "/cancel", all),
        new Endpoint("/api/runs/" + runId + "/log", all),
        new Endpoint("/api/runs/" + runId + "/artifacts/data.json", all),
        new Endpoint("/api/runs/" + runId + "/artifacts/log/container.log", all),
        new Endpoint("/api/nodes", all),
        new Endpoint("/api/models", all),
        new Endpoint("/registry/", writes),
        new Endpoint("/registry/" + entryId, writes),
        new Endpoint("/registry/search", Set.of("PUT", "DELETE", "PATCH")),
        new Endpoint("/api/schemas", Set.of()),
        new Endpoint("/api/schemas/runner", Set.of()),
        new Endpoint("/health", Set.of()),
        new Endpoint("/ready", Set.of()),
        new Endpoint("/metrics", Set.of()),
        new Endpoint("/openapi.yaml", Set.of()),
        new Endpoint("/ui/", Set.of()),
        new Endpoint("/ui/index.html", Set.of()));
  }

  /** Spellings of {@code path} that a router or a filter might read differently. */
  static List<String> variants(String path) {
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    int second = trimmed.indexOf('/', 1);
    String first = second < 0 ? trimmed.substring(1) : trimmed.substring(1, second);
    String rest = second < 0 ? "" : trimmed.substring(second);
    String escapedFirst = String.format("%%%02X", (int) first.charAt(0)) + first.substring(1);
    Set<String> v = new LinkedHashSet<>();
    v.add(path);
    v.add(trimmed);
    v.add(trimmed + "/");
    v.add(trimmed + "//");
    v.add("/" + first + ";x=1" + rest);
    v.add("/" + first + ";" + rest);
    v.add(trimmed + ";x=1");
    v.add("//" + first + rest);
    v.add("/./" + first + rest);
    v.add("/" + first + "/." + rest);
    v.add("/nope/../" + first + rest);
    v.add("/" + first + "/%2e" + rest);
    v.add("/" + first + "/%2E%2E/" + first + rest);
    v.add("/" + escapedFirst + rest);
    v.add("/" + first.toUpperCase(Locale.ROOT) + rest);
    v.add("/" + first + "%3Bx=1" + rest);
    v.add("/" + first + "\\" + (rest.isEmpty() ? "" : rest.substring(1)));
    v.add(trimmed + "?x=1&access_token=none");
    v.add(trimmed + "#fragment");
    v.add("http://127.0.0.1" + trimmed);
    if (!rest.isEmpty()) {
      v.add("/" + first + "%2F" + rest.substring(1));
      v.add("/" + first + "%2f" + rest.substring(1));
      v.add("/" + first + "%252F" + rest.substring(1));
      v.add("/" + first + rest.replace("/", "//"));
    }
    return new ArrayList<>(v);
  }

  private static String body(String path) {
    if (path.contains("registry")) {
      return entry("http://127.0.0.1:6666");
    }
    String run = Api.request("bypass-attempt", null, "quick", "local/none:1");
    return path.contains("dispatch")
        ? "{\"event_type\":\"e\",\"client_payload\":" + run + "}"
        : run;
  }

  @Test
  void withoutATokenNoSpellingOfAnyPathReachesAProtectedEndpointOrItsData() throws Exception {
    List<String> failures = new ArrayList<>();
    int requests = 0;
    for (Endpoint endpoint : endpoints()) {
      for (String method : METHODS) {
        boolean protectedHere = endpoint.protectedMethods().contains(method);
        for (String target : variants(endpoint.path())) {
          if (target.startsWith("http://127.0.0.1")) {
            target = target.replace("http://127.0.0.1", "http://127.0.0.1:" + server.port());
          }
          boolean withBody = Set.of("POST", "PUT", "PATCH").contains(method);
          SocketHttp.Answer a;
          try {
            a = anonymous.send(method, target, withBody ? body(endpoint.path()) : null);
          } catch (java.io.IOException e) {
            continue; // the server closed the connection without an answer: nothing leaked
          }
          requests++;
          String call = method + " " + target + " -> " + a.status() + " " + abbreviate(a.body());
          if (protectedHere && a.status() < 400) {
            failures.add("reached: " + call);
          }
          if (a.body().contains(runId) || a.body().contains(REQUEST_ID)) {
            failures.add("leaked: " + call);
          }
          if (a.status() >= 500) {
            failures.add("5xx: " + call);
          }
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(requests).as("the matrix was sent").isGreaterThan(1500);

    // Nothing was dispatched or changed.
    JsonNode runs = api.get("/api/runs?limit=500").json().path("runs");
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).path("runId").asText()).isEqualTo(runId);
    SocketHttp.Answer entry = anonymous.get("/registry/" + entryId);
    assertThat(entry.status()).isEqualTo(200);
    assertThat(entry.json().path("uri").asText()).isEqualTo("http://127.0.0.1:9001");
    assertThat(anonymous.get("/registry/").json()).hasSize(1);
  }

  @Test
  void theOpenEndpointsStayOpenAndTheSpellingsDoReachResourcesWithTheToken() throws Exception {
    for (String path :
        List.of(
            "/health",
            "/ready",
            "/metrics",
            "/openapi.yaml",
            "/api/schemas",
            "/api/schemas/runner",
            "/registry/",
            "/registry/" + entryId,
            "/ui/",
            "/ui/index.html")) {
      assertThat(anonymous.get(path).status()).as("GET " + path).isEqualTo(200);
      assertThat(anonymous.send("HEAD", path, null).status()).as("HEAD " + path).isEqualTo(200);
    }
    assertThat(anonymous.post("/registry/search", "{\"name\":\"seir\"}").json()).hasSize(1);

    // The same spellings, with the token, reach the runs resource: so the 401s above are the
    // check on the matched resource, not a path that merely failed to match.
    SocketHttp withToken =
        new SocketHttp(server.port(), null).header("Authorization", "Bearer " + server.apiToken());
    for (String target :
        List.of("/api;x=1/runs", "/api/runs;x=1", "/api;/runs", "/api/runs/", "/api/runs?x=1")) {
      SocketHttp.Answer a = withToken.get(target);
      assertThat(a.status()).as(target).isEqualTo(200);
      assertThat(a.body()).as(target).contains(runId);
    }
    SocketHttp.Answer unauthorized = anonymous.get("/api;x=1/runs");
    assertThat(unauthorized.status()).isEqualTo(401);
    assertThat(unauthorized.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(unauthorized.header("Content-Type")).isEqualTo("application/problem+json");

    // Neither token opens the other's door.
    SocketHttp registryTokenOnly =
        new SocketHttp(server.port(), null).header("Authorization", "Bearer " + REGISTRY_TOKEN);
    assertThat(registryTokenOnly.get("/api/runs").status()).isEqualTo(401);
    assertThat(withToken.delete("/registry/" + entryId).status()).isEqualTo(401);
  }

  private static String abbreviate(String text) {
    String oneLine = text.replace('\n', ' ');
    return oneLine.length() > 160 ? oneLine.substring(0, 160) + "…" : oneLine;
  }
}
