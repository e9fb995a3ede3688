package io.modelrunner.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.app.testing.SocketHttp;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP host on its own: Jetty's own answers, the connection limit, TCP_NODELAY, stopping. */
class HttpHostIT {
  /** A resource that answers at once, or when the test lets it. */
  @Path("/t")
  public static final class Probe {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @GET
    @Path("ok")
    public Response ok() {
      return text("ok");
    }

    @GET
    @Path("slow")
    public Response slow() throws InterruptedException {
      entered.countDown();
      release.await(5, TimeUnit.MINUTES);
      return text("done");
    }

    private static Response text(String text) {
      return Response.ok(text.getBytes(StandardCharsets.UTF_8)).type("text/plain").build();
    }
  }

  private final Probe probe = new Probe();
  private final List<Socket> sockets = new ArrayList<>();
  private final List<ExecutorService> executors = new ArrayList<>();
  private HttpHost host;

  private HttpHost start(HttpLimits limits) {
    ResourceConfig application =
        new ResourceConfig().registerInstances(new ProblemMapper(JsonMappers.standard()), probe);
    host = HttpHost.start("127.0.0.1", 0, 4, limits, application);
    return host;
  }

  @AfterEach
  void stop() throws IOException {
    probe.release.countDown();
    for (Socket s : sockets) {
      s.close();
    }
    executors.forEach(ExecutorService::shutdownNow);
    if (host != null) {
      host.close();
    }
  }

  @Test
  void answersCarryTheirLengthAndAcceptedConnectionsHaveNoNagleDelay() throws Exception {
    start(HttpLimits.defaults());
    assertThat(host.tcpNoDelay()).isTrue();
    SocketHttp.Answer ok = new SocketHttp(host.port(), null).get("/t/ok");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("ok");
    assertThat(ok.header("Content-Length")).isEqualTo("2");
    assertThat(ok.header("Server")).as("no version banner").isNull();
  }

  @Test
  void jettysOwnRefusalsAreProblemsToo() throws Exception {
    start(HttpLimits.defaults());
    SocketHttp http = new SocketHttp(host.port(), null);
    for (String ambiguous : List.of("//t/ok", "/t%2Fok", "/t/%2e%2e/t/ok", "/t/%2e/ok")) {
      SocketHttp.Answer a = http.get(ambiguous);
      assertThat(a.status()).as(ambiguous).isEqualTo(400);
      assertThat(a.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(a.json().path("status").asInt()).isEqualTo(400);
    }
    SocketHttp.Answer large = http.header("X-Large", "x".repeat(20_000)).get("/t/ok");
    assertThat(large.status()).isEqualTo(431);
    assertThat(large.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(large.json().path("detail").asText()).contains("server.max-header-bytes");
    SocketHttp.Answer unknown = new SocketHttp(host.port(), null).get("/nowhere");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.header("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void connectionsBeyondTheTotalLimitAreClosedUntilOthersEnd() throws Exception {
    start(
        new HttpLimits(
            Duration.ofMinutes(10),
            Duration.ofMinutes(10),
            Duration.ofSeconds(10),
            8192,
            8192,
            3,
            0));
    SocketHttp http = new SocketHttp(host.port(), null);
    for (int i = 0; i < 3; i++) {
      Socket held = http.connect();
      sockets.add(held);
      send(held, "GET /t/ok HTTP/1.1\r\nHost: x\r\n"); // never finished
    }
    assertThat(waitFor(() -> host.openConnections() == 3)).isTrue();
    try (Socket extra = http.connect()) {
      extra.setSoTimeout(60_000);
      assertThat(readOrReset(extra.getInputStream())).as("closed by the server").isEqualTo(-1);
    }
    sockets.remove(0).close();
    assertThat(waitFor(() -> host.openConnections() < 3)).isTrue();
    assertThat(http.get("/t/ok").status()).isEqualTo(200);
  }

  @Test
  void stoppingRefusesNewConnectionsAndLetsAnswersInFlightFinish() throws Exception {
    start(HttpLimits.defaults());
    SocketHttp http = new SocketHttp(host.port(), null);
    // Own threads: the common pool may have a single thread on a small machine.
    ExecutorService threads = Executors.newFixedThreadPool(2);
    executors.add(threads);
    CompletableFuture<SocketHttp.Answer> inFlight =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return http.get("/t/slow");
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            },
            threads);
    assertThat(probe.entered.await(2, TimeUnit.MINUTES)).isTrue();
    int port = host.port();
    CompletableFuture<Void> stopped =
        CompletableFuture.runAsync(() -> host.stopAccepting(300), threads); // a generous grace
    assertThat(
            waitFor(
                () -> {
                  try (Socket s = new Socket("127.0.0.1", port)) {
                    return false;
                  } catch (ConnectException e) {
                    return true;
                  } catch (IOException e) {
                    return false;
                  }
                }))
        .as("new connections refused while an answer is in flight")
        .isTrue();
    assertThat(stopped).isNotDone();
    probe.release.countDown();
    SocketHttp.Answer answer = inFlight.get(2, TimeUnit.MINUTES);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("done");
    stopped.get(2, TimeUnit.MINUTES);
    host = null;
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
  }

  private static void send(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** -1 at EOF or on a reset; else the first byte. */
  private static int readOrReset(InputStream in) {
    try {
      return in.read();
    } catch (IOException e) {
      return -1;
    }
  }

  private static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }
}
