package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.app.bootstrap.RunnerServer;
import io.modelrunner.app.config.ServiceConfig;
import io.modelrunner.app.testing.SocketHttp;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CORS over real HTTP against a served instance with {@code server.cors.allowed-origins} set, and
 * one without it: preflights from an allowed origin are granted without a token for the routes that
 * exist and the methods they have, and for nothing else; the token is still needed for every actual
 * call; answers tell the allowed origin so and expose the headers a web application reads.
 */
class CorsIT {
  private static final String APP = "https://app.example.org";
  private static final String LOCAL_APP = "http://localhost:5173";
  private static final String EVIL = "https://evil.example.net";

  @TempDir static Path dir;
  static RunnerServer server;
  static RunnerServer plain;

  @BeforeAll
  static void start() {
    server = serve("cors", APP + ", " + LOCAL_APP + "/");
    plain = serve("plain", null);
  }

  private static RunnerServer serve(String name, String origins) {
    Map<String, String> settings = new HashMap<>();
    settings.put("server.port", "0");
    settings.put("data.dir", dir.resolve(name).toString());
    settings.put("engine", "process");
    if (origins != null) {
      settings.put("server.cors.allowed-origins", origins);
    }
    return RunnerServer.start(ServiceConfig.load(null, Map.of(), settings), System.getenv());
  }

  @AfterAll
  static void stop() {
    for (RunnerServer s : new RunnerServer[] {server, plain}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private static SocketHttp.Answer preflight(
      RunnerServer target, String origin, String path, String method) throws Exception {
    return new SocketHttp(target.port(), null)
        .header("Origin", origin)
        .header("Access-Control-Request-Method", method)
        .header("Access-Control-Request-Headers", "authorization,content-type")
        .send("OPTIONS", path, null);
  }

  @Test
  void aPreflightFromAnAllowedOriginIsGrantedWithoutAToken() throws Exception {
    Map<String, String> routes =
        Map.of(
            "/api/runs", "POST",
            "/api/runs/some-run/cancel", "POST",
            "/api/runs/some-run/artifacts/data.json", "GET",
            "/api/schemas/runner", "GET",
            "/api/models", "GET",
            "/registry/", "POST",
            "/registry/some-entry", "DELETE");
    for (Map.Entry<String, String> route : routes.entrySet()) {
      SocketHttp.Answer answer = preflight(server, APP, route.getKey(), route.getValue());
      assertThat(answer.status()).as(route + ": " + answer).isEqualTo(204);
      assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(APP);
      assertThat(answer.header("Access-Control-Allow-Methods").split(", "))
          .as(route.toString())
          .contains(route.getValue())
          .doesNotContain("OPTIONS");
      assertThat(answer.header("Access-Control-Allow-Headers"))
          .isEqualTo("Authorization, Content-Type");
      assertThat(answer.header("Access-Control-Max-Age")).isEqualTo("600");
      assertThat(answer.header("Vary")).contains("Origin");
      assertThat(answer.body()).isEmpty();
    }
    // the origin as configured with a trailing slash is matched as the browser sends it
    assertThat(preflight(server, LOCAL_APP, "/api/runs", "GET").status()).isEqualTo(204);
    assertThat(preflight(server, "HTTPS://APP.EXAMPLE.ORG", "/api/runs", "GET").status())
        .isEqualTo(401);
  }

  @Test
  void aPreflightFromAnotherOriginIsNotGranted() throws Exception {
    SocketHttp.Answer runs = preflight(server, EVIL, "/api/runs", "POST");
    assertThat(runs.status()).isEqualTo(401);
    assertThat(runs.header("Access-Control-Allow-Origin")).isNull();
    assertThat(runs.header("Access-Control-Allow-Methods")).isNull();
    SocketHttp.Answer open = preflight(server, EVIL, "/api/schemas/runner", "GET");
    assertThat(open.header("Access-Control-Allow-Origin")).isNull();
    assertThat(open.header("Access-Control-Allow-Methods")).isNull();
    assertThat(preflight(server, "null", "/api/runs", "GET").header("Access-Control-Allow-Origin"))
        .isNull();
  }

  @Test
  void aPreflightGrantsNothingForRoutesOrMethodsThatDoNotExist() throws Exception {
    SocketHttp.Answer missing = preflight(server, APP, "/api/nothing-here", "GET");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("Access-Control-Allow-Origin")).isNull();
    SocketHttp.Answer wrongMethod = preflight(server, APP, "/api/runs/some-run", "DELETE");
    assertThat(wrongMethod.status()).isEqualTo(401);
    assertThat(wrongMethod.header("Access-Control-Allow-Methods")).isNull();
    SocketHttp.Answer outOfScope = preflight(server, APP, "/metrics", "GET");
    assertThat(outOfScope.header("Access-Control-Allow-Origin")).isNull();
    SocketHttp.Answer ambiguous = preflight(server, APP, "/api/%2e%2e/metrics", "GET");
    assertThat(ambiguous.status()).isEqualTo(400);
    assertThat(ambiguous.header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void anAllowedOriginStillNeedsTheTokenForEveryActualCall() throws Exception {
    SocketHttp anonymous = new SocketHttp(server.port(), null).header("Origin", APP);
    for (String method : List.of("GET", "POST")) {
      SocketHttp.Answer answer =
          anonymous.send(method, "/api/runs", method.equals("POST") ? "{}" : null);
      assertThat(answer.status()).as(method).isEqualTo(401);
      // the web application can read the refusal
      assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(APP);
      assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
    }
    Api api = new Api(server.baseUri(), server.apiToken());
    assertThat(api.get("/api/runs").json().path("runs")).isEmpty();
  }

  @Test
  void answersToAnAllowedOriginCarryItAndExposeTheHeadersTheApiSets() throws Exception {
    SocketHttp app =
        new SocketHttp(server.port(), null)
            .header("Origin", APP)
            .header("Authorization", "Bearer " + server.apiToken());
    SocketHttp.Answer dispatched =
        app.post("/api/runs", Api.request("cors-dispatch", null, "quick", "local/none:1"));
    assertThat(dispatched.status()).as(dispatched.toString()).isEqualTo(202);
    assertThat(dispatched.header("Location")).contains("/api/runs/mr-cors-dispatch-");
    assertThat(dispatched.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    assertThat(dispatched.header("Vary")).contains("Origin");
    assertThat(dispatched.header("Access-Control-Expose-Headers").split(", "))
        .contains("Location", "Content-Disposition", "Digest", "Retry-After", "WWW-Authenticate");
    SocketHttp.Answer schema = app.get("/api/schemas/runner");
    assertThat(schema.status()).isEqualTo(200);
    assertThat(schema.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    SocketHttp.Answer registry = app.get("/registry/");
    assertThat(registry.header("Access-Control-Allow-Origin")).isEqualTo(APP);

    SocketHttp.Answer other =
        new SocketHttp(server.port(), null)
            .header("Origin", EVIL)
            .header("Authorization", "Bearer " + server.apiToken())
            .get("/api/runs");
    assertThat(other.status()).isEqualTo(200);
    assertThat(other.header("Access-Control-Allow-Origin")).isNull();
    assertThat(other.header("Vary")).contains("Origin");
    SocketHttp.Answer health = app.get("/health");
    assertThat(health.header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void withoutConfiguredOriginsNoCorsHeaderIsSentAndNoPreflightIsGranted() throws Exception {
    SocketHttp.Answer granted = preflight(plain, APP, "/api/runs", "POST");
    assertThat(granted.status()).isEqualTo(401);
    assertThat(granted.header("Access-Control-Allow-Origin")).isNull();
    SocketHttp.Answer answer =
        new SocketHttp(plain.port(), null)
            .header("Origin", APP)
            .header("Authorization", "Bearer " + plain.apiToken())
            .get("/api/runs");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers().keySet())
        .noneMatch(h -> h.startsWith("access-control-"))
        .doesNotContain("vary");
  }
}
