package io.modelrunner.benchmarks.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives full adapter lifecycles against one adapter from {@code concurrency} threads for a fixed
 * time: {@code GET /request} → {@code POST /initialize/{id}} → {@code GET /run/{id}} → {@code GET
 * /status/{id}} until SUCCEEDED (polled without pause) → {@code GET /results/{id}} → {@code GET
 * /remove/{id}}. Every call's latency (send to last body byte) is recorded per call kind.
 */
final class LifecycleLoad {
  /** The calls of one cycle. */
  enum Call {
    REQUEST,
    INITIALIZE,
    RUN,
    STATUS,
    RESULTS,
    REMOVE;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The initialize body. */
  static final byte[] CONFIG = "{\"scenario\":\"noop\"}".getBytes(StandardCharsets.UTF_8);

  private static final int MAX_POLLS = 100_000;
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client;
  private final ObjectMapper mapper;

  LifecycleLoad(HttpClient client, ObjectMapper mapper) {
    this.client = client;
    this.mapper = mapper;
  }

  /**
   * What one timed run measured.
   *
   * @param seconds from the start until the last thread finished its last cycle
   * @param latencies per call kind, sorted, in nanoseconds
   * @param firstError the first failure's description, or null
   */
  record Round(
      long cycles,
      long errors,
      long statusCalls,
      double seconds,
      Map<Call, long[]> latencies,
      long[] allLatencies,
      String firstError) {

    double cyclesPerSecond() {
      return cycles / seconds;
    }
  }

  /** Runs cycles against {@code base} (e.g. {@code http://127.0.0.1:8080/model}). */
  Round run(URI base, int concurrency, Duration duration) throws InterruptedException {
    ExecutorService threads = Executors.newFixedThreadPool(concurrency);
    List<Worker> workers = new ArrayList<>();
    List<Future<?>> futures = new ArrayList<>();
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    AtomicReference<String> firstError = new AtomicReference<>();
    for (int i = 0; i < concurrency; i++) {
      Worker w = new Worker(base, deadline, firstError);
      workers.add(w);
      futures.add(threads.submit(w));
    }
    threads.shutdown();
    if (!threads.awaitTermination(duration.toSeconds() + 120, TimeUnit.SECONDS)) {
      threads.shutdownNow();
      throw new IllegalStateException("load threads did not finish within 2 minutes of the end");
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("a load thread failed", e.getCause());
      }
    }
    long end = workers.stream().mapToLong(w -> w.finishedAt).max().orElse(System.nanoTime());
    long cycles = workers.stream().mapToLong(w -> w.cycles).sum();
    long errors = workers.stream().mapToLong(w -> w.errors).sum();
    long polls = workers.stream().mapToLong(w -> w.statusCalls).sum();
    Map<Call, long[]> latencies = new EnumMap<>(Call.class);
    List<LatencyLog> all = new ArrayList<>();
    for (Call c : Call.values()) {
      List<LatencyLog> logs = workers.stream().map(w -> w.logs.get(c)).toList();
      latencies.put(c, LatencyLog.sortedUnion(logs));
      all.addAll(logs);
    }
    return new Round(
        cycles,
        errors,
        polls,
        (end - start) / 1e9,
        latencies,
        LatencyLog.sortedUnion(all),
        firstError.get());
  }

  /** One client thread: cycles until the deadline. */
  private final class Worker implements Runnable {
    private final URI base;
    private final long deadline;
    private final AtomicReference<String> firstError;
    private final Map<Call, LatencyLog> logs = new EnumMap<>(Call.class);
    long cycles;
    long errors;
    long statusCalls;
    long finishedAt;

    Worker(URI base, long deadline, AtomicReference<String> firstError) {
      this.base = base;
      this.deadline = deadline;
      this.firstError = firstError;
      for (Call c : Call.values()) {
        logs.put(c, new LatencyLog());
      }
    }

    @Override
    public void run() {
      while (System.nanoTime() < deadline) {
        String id = null;
        try {
          id = text(call(Call.REQUEST, "request", null, "ACCEPTED"), "model_run_id");
          call(Call.INITIALIZE, "initialize/" + id, CONFIG, "READY");
          String state = state(call(Call.RUN, "run/" + id, null, null));
          expect(Call.RUN, state, "RUNNING", "QUEUED", "SUCCEEDED");
          int polls = 0;
          while (!state.equals("SUCCEEDED")) {
            if (++polls > MAX_POLLS) {
              throw new IllegalStateException("still " + state + " after " + MAX_POLLS + " polls");
            }
            statusCalls++;
            state = state(call(Call.STATUS, "status/" + id, null, null));
            expect(Call.STATUS, state, "QUEUED", "RUNNING", "SUCCEEDED");
          }
          JsonNode results = call(Call.RESULTS, "results/" + id, null, null);
          expect(Call.RESULTS, state(results), "READY", "SUCCEEDED");
          if (results.path("result").isNull()) {
            throw new IllegalStateException("results without a result");
          }
          call(Call.REMOVE, "remove/" + id, null, "UNKNOWN");
          cycles++;
        } catch (IOException | RuntimeException e) {
          errors++;
          firstError.compareAndSet(null, e.toString());
          if (id != null) {
            try {
              send("remove/" + id, null);
            } catch (IOException | RuntimeException ignored) {
              // counted already
            } catch (InterruptedException ie) {
              Thread.currentThread().interrupt();
              break;
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      finishedAt = System.nanoTime();
    }

    private JsonNode call(Call kind, String path, byte[] body, String expectedState)
        throws IOException, InterruptedException {
      long t0 = System.nanoTime();
      HttpResponse<byte[]> response = send(path, body);
      logs.get(kind).add(System.nanoTime() - t0);
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            kind.label()
                + " answered HTTP "
                + response.statusCode()
                + ": "
                + new String(response.body(), StandardCharsets.UTF_8));
      }
      JsonNode node = mapper.readTree(response.body());
      if (expectedState != null) {
        expect(kind, state(node), expectedState);
      }
      return node;
    }

    private HttpResponse<byte[]> send(String path, byte[] body)
        throws IOException, InterruptedException {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base + "/" + path)).timeout(CALL_TIMEOUT);
      if (body == null) {
        b.GET();
      } else {
        b.header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      }
      return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
  }

  private static String state(JsonNode node) {
    return text(node, "state");
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalStateException("answer without a textual " + field + ": " + node);
    }
    return v.asText();
  }

  private static void expect(Call kind, String state, String... allowed) {
    for (String a : allowed) {
      if (a.equals(state)) {
        return;
      }
    }
    throw new IllegalStateException(
        kind.label() + " answered " + state + ", expected " + String.join(" or ", allowed));
  }
}
