package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.app.bootstrap.RunnerServer;
import io.modelrunner.app.config.ServiceConfig;
import io.modelrunner.app.testing.SocketHttp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console over real HTTP against a served instance: its files are open to all, carry the
 * security headers and the strict Content-Security-Policy, have the right types, revalidate with
 * their ETag (304), answer HEAD; {@code /} and {@code /ui} lead to {@code /ui/}; paths that try to
 * leave the console are refused and unknown files are 404 problems; the API still needs its token.
 */
class ConsoleResourceIT {
  private static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
          + " connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  @TempDir static Path dir;
  static RunnerServer server;
  static SocketHttp anonymous;

  @BeforeAll
  static void start() {
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
                    "process")),
            System.getenv());
    anonymous = new SocketHttp(server.port(), null);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static void assertSecured(SocketHttp.Answer answer, String what) {
    assertThat(answer.header("Content-Security-Policy")).as(what).isEqualTo(CSP);
    assertThat(answer.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
    assertThat(answer.header("Referrer-Policy")).as(what).isEqualTo("no-referrer");
    assertThat(answer.header("X-Frame-Options")).as(what).isEqualTo("DENY");
    assertThat(answer.header("Cross-Origin-Opener-Policy")).as(what).isEqualTo("same-origin");
    assertThat(answer.header("Cache-Control")).as(what).isEqualTo("no-cache");
  }

  @Test
  void theIndexIsServedAtUiWithoutATokenWithTheSecurityHeaders() throws Exception {
    SocketHttp.Answer index = anonymous.get("/ui/");
    assertThat(index.status()).as(index.toString()).isEqualTo(200);
    assertThat(index.header("Content-Type")).isEqualToIgnoringCase("text/html;charset=UTF-8");
    assertThat(index.body()).contains("<html");
    assertThat(index.header("ETag")).matches("\"[0-9a-f]{64}\"");
    assertSecured(index, "GET /ui/");

    SocketHttp.Answer named = anonymous.get("/ui/index.html");
    assertThat(named.status()).isEqualTo(200);
    assertThat(named.body()).isEqualTo(index.body());
    assertThat(named.header("ETag")).isEqualTo(index.header("ETag"));
  }

  @Test
  void eachFileHasTheContentTypeOfItsKind() throws Exception {
    Map<String, String> types =
        Map.of(
            "/ui/test-fixture.js", "text/javascript;charset=UTF-8",
            "/ui/test-fixture.css", "text/css;charset=UTF-8",
            "/ui/test-fixture/folder.txt", "text/plain;charset=UTF-8");
    for (Map.Entry<String, String> file : types.entrySet()) {
      SocketHttp.Answer answer = anonymous.get(file.getKey());
      assertThat(answer.status()).as(file.getKey()).isEqualTo(200);
      assertThat(answer.header("Content-Type")).as(file.getKey()).isEqualTo(file.getValue());
      assertSecured(answer, file.getKey());
    }
    assertThat(anonymous.get("/ui/test-fixture.js").body()).contains("export const fixture");
  }

  @Test
  void aMatchingEntityTagIsAnswered304AndAnotherOneGetsTheFile() throws Exception {
    String etag = anonymous.get("/ui/test-fixture.js").header("ETag");
    SocketHttp.Answer unchanged =
        new SocketHttp(server.port(), null)
            .header("If-None-Match", etag)
            .get("/ui/test-fixture.js");
    assertThat(unchanged.status()).isEqualTo(304);
    assertThat(unchanged.header("ETag")).isEqualTo(etag);
    assertThat(unchanged.body()).isEmpty();
    assertSecured(unchanged, "304");

    SocketHttp.Answer changed =
        new SocketHttp(server.port(), null)
            .header("If-None-Match", "\"an-older-version\"")
            .get("/ui/test-fixture.js");
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.body()).contains("export const fixture");
  }

  @Test
  void headAnswersTheHeadersOfGetWithoutABody() throws Exception {
    SocketHttp.Answer get = anonymous.get("/ui/test-fixture.css");
    SocketHttp.Answer head = anonymous.send("HEAD", "/ui/test-fixture.css", null);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
    assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
    assertThat(head.body()).isEmpty();
    assertSecured(head, "HEAD");
    assertThat(anonymous.send("HEAD", "/ui/", null).status()).isEqualTo(200);
  }

  @Test
  void theRootAndUiWithoutItsSlashLeadToTheConsole() throws Exception {
    SocketHttp.Answer ui = anonymous.get("/ui");
    assertThat(ui.status()).isEqualTo(308);
    assertThat(ui.header("Location")).endsWith("/ui/");
    assertSecured(ui, "/ui");
    SocketHttp.Answer root = anonymous.get("/");
    assertThat(root.status()).isEqualTo(303);
    assertThat(root.header("Location")).endsWith("/ui/");
    assertThat(anonymous.send("HEAD", "/", null).status()).isEqualTo(303);
    // other methods keep their answers
    assertThat(anonymous.post("/", "{}").status()).isEqualTo(405);
    assertThat(anonymous.post("/ui/", "{}").status()).isEqualTo(405);
    assertThat(anonymous.send("PUT", "/ui/index.html", "{}").status()).isEqualTo(405);
  }

  @Test
  void unknownFilesFoldersAndPathsThatTryToLeaveTheConsoleAreRefused() throws Exception {
    for (String missing : List.of("/ui/no-such-file.js", "/ui/test-fixture", "/ui/x.exe")) {
      SocketHttp.Answer answer = anonymous.get(missing);
      assertThat(answer.status()).as(missing).isEqualTo(404);
      assertThat(answer.header("Content-Type")).as(missing).isEqualTo("application/problem+json");
      assertSecured(answer, missing);
    }
    for (String refused :
        List.of(
            "/ui//index.html",
            "/ui/test-fixture/",
            "/ui/test-fixture//folder.txt",
            "/ui/%3Cscript%3E.js",
            "/ui/a%20b.js")) {
      SocketHttp.Answer answer = anonymous.get(refused);
      assertThat(answer.status()).as(refused + ": " + answer).isIn(400, 404);
      assertThat(answer.body()).as(refused).doesNotContain("<html");
    }
    // Traversals are refused before routing (ambiguous paths), or never leave the console.
    for (String traversal :
        List.of(
            "/ui/../openapi.yaml",
            "/ui/%2e%2e/openapi.yaml",
            "/ui/%2E%2E/%2E%2E/etc/passwd",
            "/ui/..%2fopenapi.yaml",
            "/ui/js%2f..%2f..%2fopenapi.yaml",
            "/ui/%252e%252e/openapi.yaml",
            "/ui/..\\openapi.yaml")) {
      SocketHttp.Answer answer = anonymous.get(traversal);
      assertThat(answer.status()).as(traversal + ": " + answer).isIn(400, 404);
      assertThat(answer.body()).as(traversal).doesNotContain("openapi: ").doesNotContain("root:");
    }
  }

  @Test
  void theApiStillNeedsItsToken() throws Exception {
    assertThat(anonymous.get("/api/runs").status()).isEqualTo(401);
    assertThat(anonymous.get("/api/models").status()).isEqualTo(401);
    SocketHttp withToken =
        new SocketHttp(server.port(), null).header("Authorization", "Bearer " + server.apiToken());
    assertThat(withToken.get("/api/runs").status()).isEqualTo(200);
    assertThat(withToken.get("/ui/").status()).isEqualTo(200);
  }
}
