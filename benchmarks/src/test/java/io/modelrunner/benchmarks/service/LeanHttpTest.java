package io.modelrunner.benchmarks.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator's client against the JDK's HTTP server on loopback. */
class LeanHttpTest {
  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] in = exchange.getRequestBody().readAllBytes();
          seen.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization")
                  + " "
                  + new String(in, StandardCharsets.UTF_8));
          byte[] answer = ("{\"echo\":" + in.length + "}").getBytes(StandardCharsets.UTF_8);
          boolean chunked = exchange.getRequestURI().getPath().equals("/chunked");
          exchange.sendResponseHeaders(
              exchange.getRequestMethod().equals("POST") ? 202 : 200, chunked ? 0 : answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void sendsRequestsOnOneKeptAliveConnectionAndReadsBothBodyFramings() throws Exception {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    try (LeanHttp http = new LeanHttp(base, "t0ken")) {
      LeanHttp.Answer posted = http.postJson("/api/runs", "{\"id\":\"r1\"}");
      LeanHttp.Answer got = http.get("/health");
      LeanHttp.Answer chunked = http.get("/chunked");
      assertThat(posted.status()).isEqualTo(202);
      assertThat(posted.text()).isEqualTo("{\"echo\":11}");
      assertThat(got.status()).isEqualTo(200);
      assertThat(got.text()).isEqualTo("{\"echo\":0}");
      assertThat(chunked.status()).isEqualTo(200);
      assertThat(chunked.text()).isEqualTo("{\"echo\":0}");
    }
    assertThat(seen)
        .containsExactly(
            "POST /api/runs Bearer t0ken {\"id\":\"r1\"}",
            "GET /health Bearer t0ken ",
            "GET /chunked Bearer t0ken ");
  }
}
