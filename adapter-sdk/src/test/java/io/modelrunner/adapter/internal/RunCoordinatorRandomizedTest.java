package io.modelrunner.adapter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.adapter.TestModelAdapter;
import io.modelrunner.api.adapter.ModelRunState;
import io.modelrunner.api.json.JsonMappers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the coordinator with many random call sequences, from several threads at once, and checks
 * that every observed transition is in the table, follows the previous one, that limits hold, and
 * that every run can be brought to a final state and removed. The seed is printed.
 */
class RunCoordinatorRandomizedTest {
  private static final int THREADS = 8;
  private static final int OPS_PER_THREAD = 400;

  @Test
  void randomConcurrentCallSequencesNeverBreakTheStateMachine(@TempDir Path workRoot)
      throws Exception {
    long seed = Long.getLong("test.seed", System.nanoTime());
    System.out.println(
        "RunCoordinatorRandomizedTest seed: " + seed + " (rerun with -Dtest.seed=" + seed + ")");
    Map<String, ModelRunState> last = new ConcurrentHashMap<>();
    List<String> violations = new CopyOnWriteArrayList<>();
    RunStateMachine.Listener listener =
        (id, from, to) -> {
          ModelRunState previous = last.getOrDefault(id, ModelRunState.UNKNOWN);
          if (previous != from || !RunStateMachine.isAllowed(from, to)) {
            violations.add(id + ": " + previous + "/" + from + " -> " + to);
          }
          last.put(id, to);
        };
    // Half of the seeds use a TTL short enough that eviction races with the other calls.
    Duration ttl = new Random(seed).nextBoolean() ? Duration.ofMillis(20) : Duration.ofHours(1);
    System.out.println("RunCoordinatorRandomizedTest TTL: " + ttl);
    TestModelAdapter adapter = new TestModelAdapter();
    int workers = 3;
    int capacity = 5;
    RunCoordinator<TestModelAdapter.Config> coordinator =
        new RunCoordinator<>(
            adapter,
            new ConfigDecoder<>(JsonMappers.standard(), TestModelAdapter.Config.class, false, null),
            JsonMappers.standard(),
            new RunCoordinator.Settings(
                workers, capacity, 40, ttl, ModelRunState.READY, Duration.ofSeconds(5), workRoot),
            listener,
            System::nanoTime);
    List<String> ids = new CopyOnWriteArrayList<>();
    List<String> errors = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Random random = new Random(seed + t);
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < OPS_PER_THREAD; i++) {
                    try {
                      randomCall(coordinator, random, ids);
                    } catch (RuntimeException e) {
                      errors.add(e.toString());
                    }
                    if (coordinator.busyWorkers() > workers) {
                      violations.add("busy workers " + coordinator.busyWorkers());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      // Every run still tracked can be brought to a final state.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      List<String> open = new ArrayList<>(ids);
      while (!open.isEmpty() && System.nanoTime() < deadline) {
        for (String id : List.copyOf(open)) {
          ModelRunState s = coordinator.stateOf(id);
          switch (s) {
            case UNKNOWN, SUCCEEDED, ERROR -> open.remove(id);
            case ACCEPTED -> coordinator.initialize(id, body("{\"sleepMillis\":1}"));
            case READY -> coordinator.run(id);
            default -> Thread.sleep(1);
          }
        }
      }
      assertThat(open.stream().map(i -> i + "=" + coordinator.stateOf(i)).toList())
          .as("runs that never reached a final state")
          .isEmpty();
      for (String id : ids) {
        assertThat(coordinator.remove(id).status()).isIn(200, 404);
      }
      assertThat(coordinator.trackedRuns()).isZero();
      assertThat(errors).as("exceptions thrown by calls").isEmpty();
      assertThat(violations).as("illegal transitions").isEmpty();
      assertThat(last.values()).allMatch(s -> s == ModelRunState.UNKNOWN);
    } finally {
      pool.shutdownNow();
      coordinator.close();
    }
    // Wait until every worker is free again (interrupted runs finish asynchronously).
    assertThat(waitFor(() -> coordinator.busyWorkers() == 0)).isTrue();
  }

  private static void randomCall(
      RunCoordinator<TestModelAdapter.Config> c, Random random, List<String> ids) {
    String id =
        ids.isEmpty() || random.nextInt(10) == 0 ? "nope" : ids.get(random.nextInt(ids.size()));
    switch (random.nextInt(8)) {
      case 0 -> {
        Outcome o = c.request();
        if (o.info().modelRunId() != null) {
          ids.add(o.info().modelRunId());
        }
      }
      case 1 -> c.initialize(id, body(randomConfig(random)));
      case 2, 3 -> c.run(id);
      case 4 -> c.status(id);
      case 5 -> c.results(id);
      case 6 -> c.remove(id);
      default -> c.evictExpired();
    }
  }

  private static String randomConfig(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> "not json";
      case 1 -> "{\"rejectInit\":\"no\"}";
      case 2 -> "{\"fail\":\"boom\",\"sleepMillis\":" + random.nextInt(3) + "}";
      default -> "{\"sleepMillis\":" + random.nextInt(5) + ",\"base_path\":\"x\"}";
    };
  }

  private static byte[] body(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(5);
    }
    return condition.getAsBoolean();
  }
}
