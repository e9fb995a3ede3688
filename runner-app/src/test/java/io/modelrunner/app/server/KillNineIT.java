package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.app.db.DatabaseConfig;
import io.modelrunner.app.testing.TestDatabases;
import io.modelrunner.core.callback.CallbackEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault injection: a real {@code serve} process is killed with {@code kill -9} at seeded random
 * instants across its runs' lives — right after a dispatch was answered 202, while the web
 * application holds its start callback, while the model runs, right after the web application
 * acknowledged a final callback, right after a cancel, or after a random delay — and started again
 * on the same data, many times over, on the embedded SQLite database and on PostgreSQL. (H2, the
 * embedded database of earlier versions, loses committed runs here.) Afterwards:
 *
 * <ul>
 *   <li>every dispatch answered 202 is a run that ended, COMPLETE or FAILED;
 *   <li>the web application received exactly one final event per run (one event id, possibly more
 *       than once, always the same bytes), matching the run's stored state and reason, and never
 *       before the run's start event;
 *   <li>no model ran twice.
 * </ul>
 *
 * The seed is printed; {@code -Dfaults.seed=N} replays a sequence, {@code -Dfaults.trials=N} sets
 * how many kills each database gets (default 12), and the whole sequence is bounded in time.
 */
class KillNineIT {
  private static final Duration BUDGET = Duration.ofMinutes(3);

  /** Where the service is when it is killed. */
  enum Instant {
    AFTER_DISPATCH,
    DURING_START_CALLBACK,
    DURING_EXECUTE,
    AFTER_FINAL_CALLBACK,
    AFTER_CANCEL,
    RANDOM
  }

  @TempDir Path dir;
  private DatabaseConfig database;

  @AfterEach
  void drop() {
    TestDatabases.drop(database);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "postgresql"})
  void everyAcceptedRunEndsOnceWithOneFinalCallbackWhateverInstantTheServiceIsKilledAt(String kind)
      throws Exception {
    long seed = Long.getLong("faults.seed", System.nanoTime());
    int trials = Integer.getInteger("faults.trials", 12);
    System.out.println("KillNineIT " + kind + " seed: " + seed);
    Random random = new Random(seed);
    Path trace = dir.resolve("trace.log");
    Files.createFile(trace);
    Path script = ProcessModels.script(dir);
    String env = "\"TRACE\": \"" + trace + "\"";
    Path catalog =
        Files.writeString(
            dir.resolve("models.json"),
            "{\"models\": {"
                + "\"quick\": "
                + ProcessModels.entry(script, env + ", \"SLEEP_TENTHS\": \"2\"", "")
                + ", \"slow\": "
                + ProcessModels.entry(script, env + ", \"SLEEP_TENTHS\": \"12\"", "")
                + "}}");
    List<String> lines = new ArrayList<>();
    lines.add("data.dir=" + dir.resolve("data"));
    lines.add("engine=process");
    lines.add("models.catalog=" + catalog);
    lines.add("node.id=kill-nine-" + kind + "-" + ProcessHandle.current().pid());
    lines.add("auth.api-token=kill-nine-token");
    lines.add("callbacks.allowed-hosts=*");
    lines.add("callbacks.signing-key=kill-nine-signing");
    lines.add("callbacks.timeout=PT5S");
    lines.add("callbacks.max-backoff=PT0.5S");
    lines.add("runs.max-concurrent=3");
    lines.add("watchdog.interval=PT0.2S");
    if (kind.equals("postgresql")) {
      database = TestDatabases.freshPostgres();
      lines.add("database.url=" + database.url());
      lines.add("database.user=" + database.user());
      lines.add("database.password=" + database.password());
    }
    Path config = Files.writeString(dir.resolve("service.properties"), String.join("\n", lines));
    int port = CrashRecoveryIT.freePort();

    AtomicReference<ServeProcess> serve = new AtomicReference<>();
    Map<String, String> accepted = new LinkedHashMap<>(); // run id -> request id
    long deadline = System.nanoTime() + BUDGET.toNanos();
    try (CallbackSink sink = new CallbackSink()) {
      for (int trial = 0; trial < trials && System.nanoTime() < deadline; trial++) {
        if (serve.get() == null) {
          serve.set(ServeProcess.start(config, port, Map.of()));
        }
        Api api = new Api(serve.get().baseUri(), "kill-nine-token");
        Instant at = Instant.values()[random.nextInt(Instant.values().length)];
        String prefix = "t" + trial + "-";
        System.out.println("KillNineIT " + kind + " trial " + trial + ": kill " + at);
        switch (at) {
          case AFTER_DISPATCH -> {
            dispatch(api, sink, prefix + "a", "quick", accepted);
            pause(random.nextInt(40));
          }
          case DURING_START_CALLBACK -> {
            CompletableFuture<Void> killed = new CompletableFuture<>();
            sink.beforeAnswer =
                r -> {
                  if (r.requestId().startsWith(prefix) && !r.isFinal()) {
                    sink.beforeAnswer = x -> {};
                    killQuietly(serve.get());
                    killed.complete(null);
                  }
                };
            dispatch(api, sink, prefix + "s", "quick", accepted);
            killed.get(60, java.util.concurrent.TimeUnit.SECONDS);
          }
          case DURING_EXECUTE -> {
            String run = dispatch(api, sink, prefix + "e", "slow", accepted);
            awaitTrace(trace, "start " + run);
            pause(random.nextInt(800));
          }
          case AFTER_FINAL_CALLBACK -> {
            CompletableFuture<Void> killed = new CompletableFuture<>();
            int delay = random.nextInt(300);
            sink.afterAnswer =
                r -> {
                  if (r.requestId().startsWith(prefix) && r.isFinal()) {
                    sink.afterAnswer = x -> {};
                    CompletableFuture.runAsync(
                        () -> {
                          pause(delay);
                          killQuietly(serve.get());
                          killed.complete(null);
                        });
                  }
                };
            dispatch(api, sink, prefix + "f", "quick", accepted);
            killed.get(60, java.util.concurrent.TimeUnit.SECONDS);
          }
          case AFTER_CANCEL -> {
            String run = dispatch(api, sink, prefix + "c", "slow", accepted);
            if (random.nextBoolean()) {
              awaitTrace(trace, "start " + run);
            }
            Api.Answer cancel = api.post("/api/runs/" + run + "/cancel", "");
            assertThat(cancel.status()).as(cancel.text()).isIn(202, 409);
            pause(random.nextInt(1200));
          }
          case RANDOM -> {
            dispatch(api, sink, prefix + "r1", "quick", accepted);
            dispatch(api, sink, prefix + "r2", "slow", accepted);
            pause(random.nextInt(2500));
          }
        }
        killQuietly(serve.get());
        serve.set(null);
      }

      ServeProcess last = ServeProcess.start(config, port, Map.of());
      serve.set(last);
      Api api = new Api(last.baseUri(), "kill-nine-token");
      Map<String, JsonNode> ended = new HashMap<>();
      for (String run : accepted.keySet()) {
        JsonNode r = api.awaitRun(run, Api::ended, Duration.ofMinutes(2));
        ended.put(run, r);
      }
      for (Map.Entry<String, String> run : accepted.entrySet()) {
        String runId = run.getKey();
        String requestId = run.getValue();
        JsonNode stored = ended.get(runId);
        String finalId = CallbackEvent.idFor(runId, CallbackEvent.FINAL);
        List<CallbackSink.Received> finals =
            sink.await(
                r -> r.requestId().equals(requestId) && r.isFinal(), 1, Duration.ofMinutes(2));
        Set<String> ids = new HashSet<>();
        Set<String> bodies = new HashSet<>();
        for (CallbackSink.Received r : finals) {
          ids.add(r.eventId());
          bodies.add(new String(r.raw(), StandardCharsets.UTF_8));
        }
        String context = "run " + runId + " (" + stored + ")\nservice log:\n" + last.output();
        assertThat(ids).as("one final event for %s", context).containsExactly(finalId);
        assertThat(bodies).as("the same final bytes every time for %s", context).hasSize(1);
        CallbackSink.Received fin = finals.get(0);
        assertThat(fin.status().toUpperCase()).as(context).isEqualTo(stored.path("state").asText());
        if (stored.path("state").asText().equals("FAILED")) {
          assertThat(fin.body().path("reason").path("kind").asText())
              .as(context)
              .isEqualTo(stored.path("reason").path("kind").asText());
        }
        List<CallbackSink.Received> ofRun =
            sink.all().stream().filter(r -> r.requestId().equals(requestId)).toList();
        int firstFinal = indexOf(ofRun, finalId);
        int firstStart = indexOf(ofRun, CallbackEvent.idFor(runId, CallbackEvent.START));
        assertThat(firstStart)
            .as("no start event after the final event of %s", context)
            .isLessThan(firstFinal < 0 ? Integer.MAX_VALUE : firstFinal + 1);
        if (firstStart >= 0) {
          assertThat(firstStart).as("start before final for %s", context).isLessThan(firstFinal);
        }
        long starts =
            Files.readAllLines(trace).stream().filter(l -> l.equals("start " + runId)).count();
        assertThat(starts).as("the model of %s ran at most once", context).isLessThanOrEqualTo(1);
      }
      assertThat(accepted).isNotEmpty();
    } finally {
      ServeProcess running = serve.get();
      if (running != null) {
        running.close();
      }
    }
  }

  private static String dispatch(
      Api api, CallbackSink sink, String requestId, String slug, Map<String, String> accepted)
      throws Exception {
    Api.Answer a = api.post("/api/runs", Api.request(requestId, sink.url(), slug, "x"));
    assertThat(a.status()).as(a.text()).isEqualTo(202);
    String run = a.json().path("runs").get(0).path("runId").asText();
    accepted.put(run, requestId);
    return run;
  }

  private static int indexOf(List<CallbackSink.Received> received, String eventId) {
    for (int i = 0; i < received.size(); i++) {
      if (eventId.equals(received.get(i).eventId())) {
        return i;
      }
    }
    return -1;
  }

  private static void awaitTrace(Path trace, String line) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      if (Files.readAllLines(trace).contains(line)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the model never wrote '" + line + "'");
  }

  private static void killQuietly(ServeProcess serve) {
    try {
      if (serve != null) {
        serve.kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pause(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
