package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.app.bootstrap.RunnerServer;
import io.modelrunner.app.config.ServiceConfig;
import io.modelrunner.app.testing.SocketHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and greedy clients over real sockets: a slowloris crowd from {@code 127.0.0.2} neither
 * starves probes nor the runs API of {@code 127.0.0.1}, however few request threads there are;
 * connections beyond the per-client limit are closed; a client that trickles its headers is cut off
 * by the header deadline although it is never idle, and one that trickles its body by the body
 * deadline. Conditions are waited for with generous bounds; nothing asserts a duration.
 */
class SlowClientIT {
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @TempDir Path dir;
  private RunnerServer server;
  private final List<Socket> sockets = new ArrayList<>();
  private final AtomicBoolean trickling = new AtomicBoolean(true);
  private Thread trickler;

  private void start(Map<String, String> settings) {
    Map<String, String> overrides = new HashMap<>(settings);
    overrides.put("server.port", "0");
    overrides.put("data.dir", dir.resolve("data").toString());
    overrides.put("engine", "process");
    server = RunnerServer.start(ServiceConfig.load(null, Map.of(), overrides), System.getenv());
  }

  @AfterEach
  void stop() throws Exception {
    trickling.set(false);
    if (trickler != null) {
      trickler.join(30_000);
    }
    for (Socket s : sockets) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aSlowlorisCrowdFromOneAddressStarvesNeitherProbesNorTheApiOfOthers() throws Exception {
    // Fewer request threads than slow connections, and a header deadline far beyond the test.
    start(
        Map.of(
            "server.threads", "4",
            "server.max-connections-per-client", "40",
            "server.header-timeout", "PT10M"));
    SocketHttp attacker = SocketHttp.from(server.port(), 2);
    int crowd = 48;
    AtomicBoolean[] closed = new AtomicBoolean[crowd];
    Socket[] crowdSockets = new Socket[crowd];
    for (int i = 0; i < crowd; i++) {
      closed[i] = new AtomicBoolean();
      try {
        crowdSockets[i] = attacker.connect();
        crowdSockets[i].setSoTimeout(1);
        sockets.add(crowdSockets[i]);
        send(crowdSockets[i], "GET /health HTTP/1.1\r\nHost: x\r\n");
      } catch (IOException e) {
        closed[i].set(true); // refused outright
      }
    }
    // One header line per connection about every second, never the blank line that ends them.
    trickler =
        new Thread(
            () -> {
              int line = 0;
              while (trickling.get()) {
                for (int i = 0; i < crowd; i++) {
                  if (!closed[i].get() && !alive(crowdSockets[i], "X-Slow-" + line + ": 1\r\n")) {
                    closed[i].set(true);
                  }
                }
                line++;
                pause(1000);
              }
            },
            "slowloris");
    trickler.setDaemon(true);
    trickler.start();

    // Connections beyond the per-client limit are closed by the server.
    assertThat(waitFor(() -> count(closed) >= crowd - 40))
        .as("connections beyond 40 from 127.0.0.2 closed")
        .isTrue();

    // Meanwhile another client is answered, again and again.
    SocketHttp other = SocketHttp.from(server.port(), 1);
    SocketHttp otherWithToken =
        SocketHttp.from(server.port(), 1).header("Authorization", "Bearer " + server.apiToken());
    for (int round = 0; round < 5; round++) {
      assertThat(other.get("/health").status()).isEqualTo(200);
      assertThat(other.get("/ready").status()).isEqualTo(200);
      SocketHttp.Answer runs = otherWithToken.get("/api/runs");
      assertThat(runs.status()).as(runs.toString()).isEqualTo(200);
    }
    Api api = new Api(server.baseUri(), server.apiToken());
    assertThat(api.get("/health").status()).isEqualTo(200);
    assertThat(
            api.post("/api/runs", Api.request("during-the-attack", null, "m", "local/none:1"))
                .status())
        .isEqualTo(202);

    // ... while the crowd still holds more connections than there are request threads (4), or
    // than the default server.threads (32).
    assertThat(crowd - count(closed)).isGreaterThan(32);
  }

  @Test
  void aClientTricklingItsHeadersIsCutOffByTheHeaderDeadlineThoughNeverIdle() throws Exception {
    start(Map.of("server.header-timeout", "PT2S", "server.idle-timeout", "PT10M"));
    try (Socket s = SocketHttp.from(server.port(), 2).connect()) {
      s.setSoTimeout(1);
      send(s, "GET /health HTTP/1.1\r\nHost: x\r\n");
      StringBuilder answer = new StringBuilder();
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      boolean cut = false;
      int line = 0;
      while (!cut && System.nanoTime() < deadline) {
        if (!alive(s, "X-Slow-" + line++ + ": 1\r\n", answer)) {
          cut = true;
        } else {
          pause(200);
        }
      }
      assertThat(cut).as("cut off; answer so far: " + answer).isTrue();
      assertThat(answer.toString()).as("EOF, or a 408").matches("(?s)|HTTP/1.1 408 .*");
    }
    // The service itself is fine.
    assertThat(SocketHttp.from(server.port(), 1).get("/health").status()).isEqualTo(200);
  }

  @Test
  void aClientTricklingItsBodyIsCutOffByTheBodyDeadline() throws Exception {
    start(
        Map.of(
            "server.body-timeout", "PT2S",
            "server.body-min-rate", "1024",
            "server.idle-timeout", "PT10M"));
    try (Socket s = SocketHttp.from(server.port(), 2).connect()) {
      s.setSoTimeout(1);
      send(
          s,
          "POST /registry/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Content-Length: 100000\r\n\r\n{\"name\":\"");
      StringBuilder answer = new StringBuilder();
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      boolean cut = false;
      while (!cut && System.nanoTime() < deadline) {
        if (!alive(s, "a", answer) || answer.length() > 0) {
          cut = true;
        } else {
          pause(200);
        }
      }
      assertThat(cut).as("cut off").isTrue();
      // Read what is left of the answer: a 408 problem, then the connection ends.
      s.setSoTimeout(30_000);
      try {
        InputStream in = s.getInputStream();
        byte[] rest = in.readAllBytes();
        answer.append(new String(rest, StandardCharsets.ISO_8859_1));
      } catch (IOException e) {
        // reset after the answer: what arrived is in answer
      }
      assertThat(answer.toString())
          .as("a 408, or EOF")
          .matches("(?s)|HTTP/1.1 408 .*Request Timeout.*");
    }
    assertThat(SocketHttp.from(server.port(), 1).get("/health").status()).isEqualTo(200);
  }

  @Test
  void answersOnAKeptAliveConnectionAreNotHeldBackByNagle() throws Exception {
    start(Map.of());
    try (Socket s = SocketHttp.from(server.port(), 1).connect()) {
      InputStream in = s.getInputStream();
      long[] nanos = new long[50];
      for (int i = 0; i < nanos.length; i++) {
        long begin = System.nanoTime();
        send(s, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        SocketHttp.Answer a = SocketHttp.read(in, false);
        nanos[i] = System.nanoTime() - begin;
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("Content-Length")).as("one write, no chunks").isNotNull();
      }
      Arrays.sort(nanos);
      // Reported, not asserted: a Nagle delay would show as about 40 ms per round trip.
      System.out.printf(
          "SlowClientIT: keep-alive GET /health round trip: median %.2f ms, max %.2f ms%n",
          nanos[nanos.length / 2] / 1e6, nanos[nanos.length - 1] / 1e6);
    }
  }

  private static void send(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Writes {@code text}; false when the server has closed the connection. */
  private static boolean alive(Socket s, String text) {
    return alive(s, text, new StringBuilder());
  }

  /**
   * Writes {@code text} and reads what the server sent (into {@code answer}) without waiting; false
   * when the server has closed the connection.
   */
  private static boolean alive(Socket s, String text, StringBuilder answer) {
    try {
      send(s, text);
      InputStream in = s.getInputStream();
      byte[] buffer = new byte[4096];
      while (true) {
        int n;
        try {
          n = in.read(buffer);
        } catch (SocketTimeoutException e) {
          return true; // nothing to read: still open
        }
        if (n < 0) {
          return false;
        }
        answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (IOException e) {
      return false; // reset
    }
  }

  private static int count(AtomicBoolean[] flags) {
    int n = 0;
    for (AtomicBoolean f : flags) {
      n += f.get() ? 1 : 0;
    }
    return n;
  }

  private static boolean waitFor(BooleanSupplier condition) {
    long end = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      pause(50);
    }
    return condition.getAsBoolean();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
