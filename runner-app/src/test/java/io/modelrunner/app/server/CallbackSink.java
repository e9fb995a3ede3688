package io.modelrunner.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.modelrunner.api.json.JsonMappers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A web application's callback endpoint on loopback: records every {@code POST
 * /api/simulations/{id}} (headers and body) and answers 200 {@code {}} — or, for a start callback
 * of a model listed in {@link #cancelOnStart}, {@code {"action":"cancel"}}.
 */
final class CallbackSink implements AutoCloseable {
  /** One received callback. */
  record Received(String path, Map<String, List<String>> headers, byte[] raw, JsonNode body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    String status() {
      return body.path("status").asText();
    }

    String slug() {
      return body.path("modelSlug").asText();
    }

    /** The Standard Webhooks event id ({@code webhook-id}). */
    String eventId() {
      return header("webhook-id");
    }

    /** The request id: the last segment of the callback path. */
    String requestId() {
      return java.net.URLDecoder.decode(
          path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
    }

    boolean isFinal() {
      return status().equals("complete") || status().equals("failed");
    }
  }

  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  volatile Duration startDelay = Duration.ZERO;
  volatile String cancelOnStart = "";

  /** Runs on each callback before it is recorded and answered (e.g. to kill the service). */
  volatile java.util.function.Consumer<Received> beforeAnswer = r -> {};

  /** Runs on each callback after it was answered. */
  volatile java.util.function.Consumer<Received> afterAnswer = r -> {};

  CallbackSink() throws IOException {
    this(0);
  }

  /** A sink on {@code port} of 127.0.0.1 (0: any free port). */
  CallbackSink(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          byte[] raw;
          try (InputStream in = exchange.getRequestBody()) {
            raw = in.readAllBytes();
          }
          JsonNode body = JsonMappers.standard().readTree(raw);
          Received callback =
              new Received(
                  exchange.getRequestURI().getPath(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  raw,
                  body);
          beforeAnswer.accept(callback);
          boolean start = "in-progress".equals(body.path("status").asText());
          if (start && !startDelay.isZero()) {
            try {
              Thread.sleep(startDelay.toMillis());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          synchronized (received) {
            received.add(callback);
            received.notifyAll();
          }
          boolean cancel = start && cancelOnStart.equals(body.path("modelSlug").asText());
          byte[] answer =
              (cancel ? "{\"action\":\"cancel\"}" : "{}").getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
          afterAnswer.accept(callback);
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Received> all() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Waits until {@code count} callbacks match, or fails after {@code timeout}. */
  List<Received> await(Predicate<Received> match, int count, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (received) {
      while (true) {
        List<Received> hits = received.stream().filter(match).toList();
        if (hits.size() >= count) {
          return hits;
        }
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "expected " + count + " matching callbacks within " + timeout + ", got " + received);
        }
        received.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  static Predicate<Received> finalOf(String slug) {
    return r ->
        r.slug().equals(slug) && (r.status().equals("complete") || r.status().equals("failed"));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
