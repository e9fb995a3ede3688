package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.app.db.DatabaseConfig;
import io.modelrunner.app.testing.TestDatabases;
import io.modelrunner.store.s3.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code serve} processes with different labels on one PostgreSQL database and one S3 store
 * (S3Proxy): 60 runs of three models with different label requirements each run once, only on a
 * matching node; one node is killed with SIGKILL in the middle — its runs end with the right reason
 * and exactly one final callback each — and rejoins after a restart.
 */
class PoolIT {
  private static final String TOKEN = "pool-test-token";
  private static final int RUNS_PER_MODEL = 20;

  @TempDir Path dir;

  @Test
  void sixtyRunsOnThreeLabelledNodesSurviveTheLossOfOne() throws Exception {
    TestImages.build();
    DatabaseConfig db = TestDatabases.freshPostgres();
    List<ServeProcess> nodes = new ArrayList<>();
    try (CallbackSink sink = new CallbackSink();
        S3ProxyServer s3 = S3ProxyServer.start(Files.createDirectories(dir.resolve("s3")))) {
      Path catalog =
          Files.writeString(
              dir.resolve("models.json"),
              """
              {"models": {
                "plain": {"image": "%1$s", "environment": {"SLEEP": "2"}},
                "gpu-model": {"image": "%1$s", "environment": {"SLEEP": "2"}, "labels": ["gpu"]},
                "arm-model": {"image": "%1$s", "environment": {"SLEEP": "2"},
                              "labels": ["arch=arm64"], "onNodeLoss": "rerun"}
              }}
              """
                  .formatted(TestImages.SLOW));
      Map<String, String> env =
          Map.of(
              "AWS_ACCESS_KEY_ID", S3ProxyServer.IDENTITY,
              "AWS_SECRET_ACCESS_KEY", S3ProxyServer.CREDENTIAL);
      // node-b can run everything and has the most slots; a and c share its work
      String[][] spec = {
        {"node-a", "", "2"}, {"node-b", "gpu,arch=arm64", "3"}, {"node-c", "arch=arm64", "2"}
      };
      List<Path> configs = new ArrayList<>();
      List<Integer> ports = new ArrayList<>();
      for (String[] node : spec) {
        Path config =
            Files.writeString(
                dir.resolve(node[0] + ".properties"),
                String.join(
                    "\n",
                    "data.dir=" + dir.resolve(node[0]),
                    "node.id=" + node[0] + "-" + ProcessHandle.current().pid(),
                    "node.labels=" + node[1],
                    "engine=docker",
                    "models.catalog=" + catalog,
                    "database.url=" + db.url(),
                    "database.user=" + db.user(),
                    "database.password=" + db.password(),
                    "store=s3://pool-results/runs",
                    "store.options=endpoint=" + s3.endpoint(),
                    "auth.api-token=" + TOKEN,
                    "callbacks.allowed-hosts=127.0.0.1:*",
                    "runs.max-concurrent=" + node[2],
                    "pool.heartbeat=PT1S",
                    "pool.missed-heartbeats=4",
                    "pool.polling-interval=PT0.2S",
                    "watchdog.interval=PT0.5S",
                    ""));
        configs.add(config);
        ports.add(CrashRecoveryIT.freePort());
        nodes.add(ServeProcess.start(config, ports.get(ports.size() - 1), env));
      }
      Api viaA = new Api(nodes.get(0).baseUri(), TOKEN);

      // 60 runs, dispatched through node-b's API: a node starts runs dispatched through it at once,
      // the others find them by polling, so node-b holds runs of every model when it is killed
      Map<String, String> modelOfRun = new HashMap<>();
      String[] models = {"plain", "gpu-model", "arm-model"};
      for (int i = 0; i < RUNS_PER_MODEL * 3; i++) {
        Api via = new Api(nodes.get(1).baseUri(), TOKEN);
        String model = models[i % 3];
        Api.Answer a = via.post("/api/runs", Api.request("pool-" + i, sink.url(), model, "x"));
        assertThat(a.status()).as(a.text()).isEqualTo(202);
        modelOfRun.put(a.json().path("runs").get(0).path("runId").asText(), model);
      }

      // kill node-b while it runs a plain model (fail on node loss) and an arm model (rerun)
      String nodeB = "node-b-" + ProcessHandle.current().pid();
      awaitHolding(viaA, nodeB, modelOfRun, Set.of("plain", "arm-model"));
      nodes.get(1).kill();
      List<String> wasOnB = new ArrayList<>();
      for (String runId : modelOfRun.keySet()) {
        JsonNode run = viaA.get("/api/runs/" + runId).json();
        if ("RUNNING".equals(run.path("state").asText())
            && nodeB.equals(run.path("node").asText())) {
          wasOnB.add(runId);
        }
      }
      assertThat(wasOnB).as("node-b had runs in progress when it was killed").isNotEmpty();

      // everything that does not need node-b ends; runs it held that others may take end too
      for (Map.Entry<String, String> e : modelOfRun.entrySet()) {
        if (!e.getValue().equals("gpu-model")) {
          viaA.awaitRun(e.getKey(), Api::ended, Duration.ofSeconds(120));
        }
      }
      // node-b rejoins: its gpu runs (resumed, or still queued) end
      nodes.set(1, ServeProcess.start(configs.get(1), ports.get(1), env));
      for (String runId : modelOfRun.keySet()) {
        viaA.awaitRun(runId, Api::ended, Duration.ofSeconds(180));
      }

      Map<String, Set<String>> labelsOfNode =
          Map.of(
              "node-a-" + ProcessHandle.current().pid(),
              Set.of(),
              nodeB,
              Set.of("gpu"),
              "node-c-" + ProcessHandle.current().pid(),
              Set.of("arch=arm64"));
      int complete = 0;
      for (Map.Entry<String, String> e : modelOfRun.entrySet()) {
        JsonNode run = viaA.get("/api/runs/" + e.getKey()).json();
        String node = run.path("node").asText();
        Set<String> needed =
            switch (e.getValue()) {
              case "gpu-model" -> Set.of("gpu");
              case "arm-model" -> Set.of("arch=arm64");
              default -> Set.of();
            };
        if (wasOnB.contains(e.getKey()) && e.getValue().equals("plain")) {
          assertThat(run.path("state").asText())
              .as("fail on node loss: " + run)
              .isEqualTo("FAILED");
        }
        if (wasOnB.contains(e.getKey()) && e.getValue().equals("arm-model")) {
          assertThat(run.path("state").asText())
              .as("rerun on node loss: " + run)
              .isEqualTo("COMPLETE");
          assertThat(node).as("rerun elsewhere").isNotEqualTo(nodeB);
        }
        assertThat(labelsOfNode.get(node)).as(e.getKey() + " ran on " + node).containsAll(needed);
        if (run.path("state").asText().equals("COMPLETE")) {
          complete++;
        } else {
          assertThat(wasOnB)
              .as("only runs held by the lost node fail: " + run)
              .contains(e.getKey());
          assertThat(run.path("reason").path("kind").asText()).isEqualTo("platform-error");
          assertThat(run.path("reason").path("message").asText()).contains("node-b");
        }
      }
      assertThat(complete).isGreaterThanOrEqualTo(RUNS_PER_MODEL * 3 - wasOnB.size());
      System.out.printf(
          "PoolIT: %d runs, %d complete, %d failed; node-b held %d when killed%n",
          modelOfRun.size(), complete, modelOfRun.size() - complete, wasOnB.size());
      // exactly one final callback per run: none lost, none duplicated
      for (int i = 0; i < RUNS_PER_MODEL * 3; i++) {
        String path = "/api/simulations/pool-" + i;
        long finals =
            sink.all().stream()
                .filter(r -> r.path().equals(path))
                .filter(r -> r.status().equals("complete") || r.status().equals("failed"))
                .count();
        assertThat(finals).as(path).isEqualTo(1);
      }
      JsonNode list = viaA.get("/api/nodes").json();
      assertThat(list.path("nodes").findValuesAsText("nodeId")).hasSize(3);
      assertThat(list.path("nodes").findValuesAsText("alive")).containsOnly("true");
    } finally {
      for (ServeProcess node : nodes) {
        node.close();
      }
      TestDatabases.drop(db);
    }
  }

  /** Waits until {@code node} executes (container started) runs of each of {@code models}. */
  private static void awaitHolding(
      Api api, String node, Map<String, String> modelOfRun, Set<String> models) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < end) {
      Set<String> held = new java.util.HashSet<>();
      for (JsonNode run : api.get("/api/runs?state=RUNNING&limit=500").json().path("runs")) {
        String runId = run.path("runId").asText();
        JsonNode full = api.get("/api/runs/" + runId).json();
        if (node.equals(full.path("node").asText()) && !full.path("executionId").isNull()) {
          held.add(modelOfRun.getOrDefault(runId, ""));
        }
      }
      if (held.containsAll(models)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(node + " never held runs of all of " + models + " at once");
  }
}
