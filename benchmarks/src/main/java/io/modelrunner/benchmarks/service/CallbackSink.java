package io.modelrunner.benchmarks.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The web application's callback endpoint, played on loopback by the harness (JDK HTTP server):
 * answers every {@code POST /api/simulations/{id}} with 200 {@code {}} at once and records when
 * each request's start and final callbacks arrived. The timing of a service run ends when its final
 * callback arrives here.
 */
public final class CallbackSink implements AutoCloseable {
  /** When a callback arrived: {@link System#nanoTime()} and the wall clock in epoch nanoseconds. */
  public record Arrival(long nanos, long epochNanos, String status) {}

  private static final byte[] ANSWER = "{}".getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final ExecutorService threads;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Map<String, CompletableFuture<Arrival>> finals = new ConcurrentHashMap<>();
  private final Map<String, Arrival> starts = new ConcurrentHashMap<>();
  private final AtomicInteger duplicates = new AtomicInteger();
  private final AtomicInteger duplicateStarts = new AtomicInteger();
  private final AtomicInteger received = new AtomicInteger();

  public CallbackSink() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    threads =
        Executors.newFixedThreadPool(
            16,
            r -> {
              Thread t = new Thread(r, "callback-sink");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(threads);
    server.createContext(
        "/api/simulations/",
        exchange -> {
          long nanos = System.nanoTime();
          long epoch = Clocks.epochNanos();
          byte[] raw;
          try (InputStream in = exchange.getRequestBody()) {
            raw = in.readAllBytes();
          }
          String path = exchange.getRequestURI().getRawPath();
          String id =
              URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
          String status;
          try {
            JsonNode body = mapper.readTree(raw);
            status = body.path("status").asText();
          } catch (IOException e) {
            status = "unreadable";
          }
          received.incrementAndGet();
          Arrival arrival = new Arrival(nanos, epoch, status);
          if (status.equals("in-progress")) {
            if (starts.putIfAbsent(id, arrival) != null) {
              duplicateStarts.incrementAndGet();
            }
          } else if (!finalOf(id).complete(arrival)) {
            duplicates.incrementAndGet();
          }
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, ANSWER.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(ANSWER);
          }
        });
    server.start();
  }

  /** The callback base URL to put in run requests. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The final callback of request {@code id}, completed when it arrives. */
  public CompletableFuture<Arrival> finalOf(String id) {
    return finals.computeIfAbsent(id, k -> new CompletableFuture<>());
  }

  /** The start callback of request {@code id}, or null. */
  public Arrival startOf(String id) {
    return starts.get(id);
  }

  /** Waits for the final callback of {@code id}. */
  public Arrival awaitFinal(String id, Duration timeout)
      throws InterruptedException, TimeoutException {
    try {
      return finalOf(id).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits for the final callbacks of all {@code ids}; returns the latest arrival. */
  public Arrival awaitFinals(Collection<String> ids, Duration timeout)
      throws InterruptedException, TimeoutException {
    long end = System.nanoTime() + timeout.toNanos();
    Arrival last = null;
    for (String id : ids) {
      long left = Math.max(1, end - System.nanoTime());
      Arrival a;
      try {
        a = finalOf(id).get(left, TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      } catch (TimeoutException e) {
        long missing = ids.stream().filter(i -> !finalOf(i).isDone()).count();
        throw new TimeoutException(
            missing + " of " + ids.size() + " final callbacks did not arrive within " + timeout);
      }
      if (last == null || a.nanos() > last.nanos()) {
        last = a;
      }
    }
    return last;
  }

  /** Final callbacks that arrived for a request that had one already (must stay 0). */
  public int duplicateFinals() {
    return duplicates.get();
  }

  /**
   * Start callbacks that arrived for a request that had one already (allowed: each event is
   * delivered at least once; but a repeat costs the web application a request).
   */
  public int duplicateStarts() {
    return duplicateStarts.get();
  }

  /** Every callback received. */
  public int received() {
    return received.get();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
