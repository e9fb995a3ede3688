package io.modelrunner.adapter;

import static io.modelrunner.adapter.AdapterLifecycleIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.adapter.ModelRunState;
import io.modelrunner.api.json.JsonMappers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SDK adapter in its default configuration, driven by a Python replay of the deployed Airflow
 * orchestrator's handler (src/test/resources/.../orchestrator/rest_handler_replay.py, following
 * rest_handler.py and subroutine_computation in MultiModelling/Model-Orchestrator and
 * SomadSahoo/Orchestrator-Apache_Airflow): found through a registry that answers as
 * MultiModelling/Model-Registry does, given {@code REGISTRY_ENDPOINT} as the full {@code
 * .../registry/} URL as the deployed adapters are. The replay, like the real handler, polls with no
 * timeout; the harness bounds it.
 */
class OrchestratorReplayIT {
  private static final Duration BOUND = Duration.ofSeconds(120);
  private static final ObjectMapper MAPPER = JsonMappers.standard();

  @TempDir Path dir;
  private String python;
  private ModelRegistryLike registry;
  private AdapterServer server;
  private Process replay;

  @BeforeEach
  void probe() throws IOException {
    python = PythonInterpreter.requireWith("json", "urllib.request");
    registry = new ModelRegistryLike();
  }

  @AfterEach
  void stop() {
    if (replay != null && replay.isAlive()) {
      replay.destroyForcibly();
    }
    if (server != null) {
      server.close();
    }
    registry.close();
  }

  @Test
  void theOrchestratorsHandlerReachesSucceededAndTakesTheResultsPath() throws Exception {
    TestModelAdapter adapter = new TestModelAdapter();
    String id = startRegistered(adapter, AdapterConfig.builder());

    Replay r = runReplay("{\"name\":\"price-profile\",\"sleepMillis\":300}");
    assertThat(replay.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS))
        .as("the replay did not finish within %s; it printed:%n%s", BOUND, r.lines)
        .isTrue();
    assertThat(replay.exitValue()).as("exit code; it printed:%n%s", r.lines).isZero();
    r.drained();

    JsonNode status = r.first("adapter-status");
    assertThat(status.path("code").asInt()).isEqualTo(200);
    assertThat(status.path("body").path("status").asText()).isEqualTo("READY");
    JsonNode done = r.first("done");
    String runId = done.path("model_run_id").asText();
    assertThat(done.path("model_result").asText()).isEqualTo("/results/" + runId + ".json");
    assertThat(done.path("result").path("name").asText()).isEqualTo("price-profile");
    assertThat(r.all("results"))
        .last()
        .satisfies(a -> assertThat(a.path("body").path("state").asText()).isEqualTo("SUCCEEDED"));
    assertThat(adapter.removed).containsExactly(runId);
    // The orchestrator's base_path key reached the adapter, which ignored it by default.
    assertThat(r.first("initialize").path("body").path("state").asText()).isEqualTo("READY");
    assertThat(registry.entries).containsKey(id);
  }

  @Test
  void withTheSeedTextsReadyTheSameHandlerPollsForever() throws Exception {
    startRegistered(
        new TestModelAdapter(), AdapterConfig.builder().resultsState(ModelRunState.READY));

    Replay r = runReplay("{\"name\":\"m\"}");
    // It has the finished run's result in hand and keeps polling: READY is not SUCCEEDED.
    assertThat(
            waitFor(
                () ->
                    r.all("results").stream()
                            .filter(a -> a.path("body").path("state").asText().equals("READY"))
                            .count()
                        >= 2))
        .as("the replay printed:%n%s", r.lines)
        .isTrue();
    assertThat(replay.isAlive()).isTrue();
    assertThat(r.all("done")).isEmpty();
  }

  private String startRegistered(TestModelAdapter adapter, AdapterConfig.Builder config)
      throws InterruptedException {
    server =
        AdapterServer.start(
            adapter,
            config
                .host("127.0.0.1")
                .port(0)
                .name("ETM-price-profile")
                .registryEndpoint(URI.create(registry.baseUri() + "/registry/"))
                .build());
    assertThat(waitFor(() -> server.registryId() != null)).isTrue();
    return server.registryId();
  }

  private Replay runReplay(String modelConfig) throws IOException {
    Path script = dir.resolve("rest_handler_replay.py");
    try (InputStream in =
        OrchestratorReplayIT.class.getResourceAsStream("orchestrator/rest_handler_replay.py")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    replay =
        new ProcessBuilder(
                python,
                script.toString(),
                registry.baseUri() + "/registry/",
                "etm-PRICE-profile", // the registry's search matches names case-insensitively
                modelConfig,
                "{\"user\":\"mmvib\",\"experiment\":\"etm\",\"run\":\"r1\"}")
            .redirectError(dir.resolve("replay.err").toFile())
            .start();
    return new Replay(replay.getInputStream());
  }

  /** The replay's output lines, read as they come. */
  private static final class Replay {
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    Replay(InputStream out) {
      reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  // the process was killed
                }
              },
              "replay-output");
      reader.setDaemon(true);
      reader.start();
    }

    void drained() throws InterruptedException {
      reader.join(TimeUnit.SECONDS.toMillis(10));
    }

    List<JsonNode> all(String call) {
      return lines.stream()
          .map(Replay::parse)
          .filter(n -> n.path("call").asText().equals(call))
          .toList();
    }

    JsonNode first(String call) {
      List<JsonNode> found = all(call);
      assertThat(found).as("a '%s' line among%n%s", call, lines).isNotEmpty();
      return found.get(0);
    }

    private static JsonNode parse(String line) {
      try {
        return MAPPER.readTree(line);
      } catch (IOException e) {
        throw new AssertionError("not a JSON line: " + line, e);
      }
    }
  }
}
