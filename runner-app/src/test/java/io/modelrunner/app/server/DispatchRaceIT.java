package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.app.bootstrap.RunnerServer;
import io.modelrunner.app.config.ServiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent dispatches: the queue limit holds exactly however many clients race for it, and two
 * dispatches of one request id that race each other either both store everything (the same body) or
 * one is refused and leaves nothing behind — never a run that is stored but never scheduled.
 */
class DispatchRaceIT {
  private static final int QUEUE_LIMIT = 5;

  @TempDir Path dir;
  private RunnerServer server;
  private Api api;

  private void start(int queueLimit) throws Exception {
    Path script = ProcessModels.script(dir);
    Path catalog =
        Files.writeString(
            dir.resolve("models.json"),
            "{\"models\": {"
                + "\"m1\": "
                + ProcessModels.entry(script, "", "")
                + ", \"m2\": "
                + ProcessModels.entry(script, "", "")
                + ", \"parked\": "
                + ProcessModels.entry(script, "", "\"labels\": [\"never\"]")
                + "}}");
    Map<String, String> settings = new HashMap<>();
    settings.put("server.port", "0");
    settings.put("data.dir", dir.resolve("data").toString());
    settings.put("engine", "process");
    settings.put("models.catalog", catalog.toString());
    settings.put("runs.queue-limit", Integer.toString(queueLimit));
    settings.put("runs.max-concurrent", "2");
    settings.put("node.id", "race-it-" + ProcessHandle.current().pid());
    server = RunnerServer.start(ServiceConfig.load(null, Map.of(), settings), System.getenv());
    api = new Api(server.baseUri(), server.apiToken());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theQueueLimitHoldsWhenManyClientsDispatchAtOnce() throws Exception {
    start(QUEUE_LIMIT);
    int clients = 40;
    List<Integer> statuses =
        race(
            clients,
            i -> () -> api.post("/api/runs", Api.request("parked-" + i, null, "parked", "x")));

    assertThat(statuses).filteredOn(s -> s == 202).hasSize(QUEUE_LIMIT);
    assertThat(statuses).filteredOn(s -> s == 429).hasSize(clients - QUEUE_LIMIT);
    JsonNode queued = api.get("/api/runs?state=QUEUED&limit=100").json();
    assertThat(queued.path("runs")).hasSize(QUEUE_LIMIT);

    // A repeated dispatch of an accepted request is answered even with the queue full.
    String accepted = queued.path("runs").get(0).path("requestId").asText();
    assertThat(api.post("/api/runs", Api.request(accepted, null, "parked", "x")).status())
        .isEqualTo(200);
    for (JsonNode run : queued.path("runs")) {
      assertThat(api.post("/api/runs/" + run.path("runId").asText() + "/cancel", "").status())
          .isEqualTo(202);
    }
  }

  @Test
  void racingDispatchesOfOneRequestWithItsModelsInEitherOrderLeaveNoRunBehind() throws Exception {
    start(1000);
    int rounds = 25;
    List<String> requestIds = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      String id = "order-" + round;
      requestIds.add(id);
      String forward = Api.request(id, null, "m1", "x", "m2", "x");
      String backward = Api.request(id, null, "m2", "x", "m1", "x");
      List<Integer> statuses =
          race(2, i -> () -> api.post("/api/runs", i == 0 ? forward : backward));
      assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(202, 409);
    }
    for (String id : requestIds) {
      List<JsonNode> runs = runsOf(id);
      assertThat(runs).as("request %s: one run per model, all from one dispatch", id).hasSize(2);
      for (JsonNode run : runs) {
        JsonNode ended =
            api.awaitRun(run.path("runId").asText(), Api::ended, Duration.ofMinutes(2));
        assertThat(ended.path("state").asText()).as(ended.toString()).isEqualTo("COMPLETE");
      }
    }
  }

  private List<JsonNode> runsOf(String requestId) throws Exception {
    List<JsonNode> found = new ArrayList<>();
    String cursor = "";
    while (true) {
      JsonNode page =
          api.get("/api/runs?limit=500" + (cursor.isEmpty() ? "" : "&cursor=" + cursor)).json();
      for (JsonNode run : page.path("runs")) {
        if (run.path("requestId").asText().equals(requestId)) {
          found.add(run);
        }
      }
      if (page.path("nextCursor").isNull()) {
        return found;
      }
      cursor = page.path("nextCursor").asText();
    }
  }

  /** Starts {@code n} calls at once (released together) and returns their HTTP statuses. */
  private List<Integer> race(int n, java.util.function.IntFunction<Callable<Api.Answer>> call)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Api.Answer>> answers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<Api.Answer> c = call.apply(i);
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return c.call();
                }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Api.Answer> answer : answers) {
        Api.Answer a = answer.get();
        assertThat(a.status()).as(a.text()).isLessThan(500);
        statuses.add(a.status());
      }
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }
}
