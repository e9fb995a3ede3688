package io.modelrunner.example.seir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.adapter.AdapterConfig;
import io.modelrunner.adapter.AdapterServer;
import io.modelrunner.adapter.client.AdapterClient;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SEIR adapter started in-process on a free port and driven over real HTTP; the model is the
 * real Python connector, run as a real subprocess.
 */
class SeirAdapterIT {
  private static final ObjectMapper MAPPER = JsonMappers.standard();
  private static final String PYTHON = System.getProperty("python", "python3");

  @TempDir Path tmp;
  private AdapterServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Path examplesDir() {
    return Path.of(System.getProperty("examples.dir", "../examples"));
  }

  private static Path connector() {
    return Path.of(System.getProperty("module.dir", "."))
        .resolve("src/main/python/connector.py")
        .toAbsolutePath();
  }

  private static JsonNode exampleConfiguration() throws Exception {
    return MAPPER.readTree(examplesDir().resolve("request.json").toFile()).path("configuration");
  }

  private AdapterServer start(SeirAdapter.Settings settings) {
    server =
        AdapterServer.start(
            new SeirAdapter(settings),
            AdapterConfig.builder().host("127.0.0.1").port(0).name("SEIR").build());
    return server;
  }

  @Test
  void theExampleRequestRunsThroughTheWholeLifecycleAndTheResultIsAValidStandardOutput()
      throws Exception {
    start(new SeirAdapter.Settings(PYTHON, connector(), Duration.ofMinutes(2), null));
    ObjectNode config = exampleConfiguration().deepCopy();
    config.put("base_path", "/data/run-1"); // what the existing orchestrator adds to every body

    JsonNode result = new AdapterClient(server.baseUri()).execute(config, Duration.ofMinutes(2));

    assertThat(new SchemaValidator(MAPPER).schema(SchemaName.OUTPUT).validate(result)).isEmpty();
    assertThat(result.path("metadata").path("subregion").asText()).isEqualTo("US-NY");
    assertThat(result.path("time").path("timestamps")).hasSize(201);
    assertThat(result.has("path")).isFalse();
  }

  @Test
  void thePackagedConnectorIsUsedByDefaultAndAStoreDirAddsThePath() throws Exception {
    Path store = tmp.resolve("store");
    SeirAdapter.Settings settings =
        SeirAdapter.Settings.fromEnvironment(
            Map.of("SEIR_PYTHON", PYTHON, "SEIR_STORE_DIR", store.toString()));
    assertThat(settings.connector().startsWith(connector().getParent())).isFalse();
    assertThat(settings.connector().resolveSibling("seir.py")).exists();
    start(settings);

    JsonNode result =
        new AdapterClient(server.baseUri()).execute(exampleConfiguration(), Duration.ofMinutes(2));

    Path stored = Path.of(result.path("path").asText());
    assertThat(stored).startsWith(store).exists();
    ObjectNode withoutPath = result.deepCopy();
    withoutPath.remove("path");
    assertThat(MAPPER.readTree(stored.toFile())).isEqualTo(withoutPath);
  }

  @Test
  void theAdapterAndTheConnectorRunDirectlyGiveTheSameOutput() throws Exception {
    start(new SeirAdapter.Settings(PYTHON, connector(), Duration.ofMinutes(2), null));
    JsonNode viaAdapter =
        new AdapterClient(server.baseUri()).execute(exampleConfiguration(), Duration.ofMinutes(2));

    Path input = tmp.resolve("inputFile.json");
    MAPPER.writeValue(input.toFile(), exampleConfiguration());
    Path out = tmp.resolve("direct");
    Process p =
        new ProcessBuilder(
                PYTHON,
                connector().toString(),
                "--input",
                input.toString(),
                "--output-dir",
                out.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("direct.log").toFile())
            .start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("direct.log"))).isZero();

    assertThat(viaAdapter).isEqualTo(MAPPER.readTree(out.resolve("data.json").toFile()));
  }

  @Test
  void anInvalidInputPutsTheRunInErrorWithTheConnectorsMessage() throws Exception {
    start(new SeirAdapter.Settings(PYTHON, connector(), Duration.ofMinutes(2), null));
    ObjectNode config = exampleConfiguration().deepCopy();
    ((ObjectNode) config.path("parameters")).put("calibrationDate", "not-a-date");

    HttpClient http = HttpClient.newHttpClient();
    String id = call(http, "GET", "/request", null).path("model_run_id").asText();
    assertThat(call(http, "POST", "/initialize/" + id, config).path("state").asText())
        .isEqualTo("READY");
    call(http, "GET", "/run/" + id, null);
    JsonNode results = awaitEnd(http, id);
    assertThat(results.path("state").asText()).isEqualTo("ERROR");
    assertThat(results.path("reason").asText()).contains("exited 2").contains("calibrationDate");
    call(http, "GET", "/remove/" + id, null);
  }

  @Test
  void removeWhileRunningKillsThePythonProcessAndForgetsTheRun() throws Exception {
    // A real interpreter that records its pid, then waits before running the connector, so that
    // the remove certainly arrives while the model runs.
    Path pidFile = tmp.resolve("python.pid");
    Path slowPython = tmp.resolve("slow-python.sh");
    Files.writeString(
        slowPython,
        "#!/bin/sh\n"
            + "echo $$ > '"
            + pidFile
            + "'\n"
            + "exec "
            + PYTHON
            + " -c 'import runpy, sys, time; time.sleep(300); sys.argv = sys.argv[1:];"
            + " runpy.run_path(sys.argv[0], run_name=\"__main__\")' \"$@\"\n");
    Files.setPosixFilePermissions(slowPython, PosixFilePermissions.fromString("rwx------"));
    start(
        new SeirAdapter.Settings(slowPython.toString(), connector(), Duration.ofMinutes(10), null));

    HttpClient http = HttpClient.newHttpClient();
    String id = call(http, "GET", "/request", null).path("model_run_id").asText();
    assertThat(
            call(http, "POST", "/initialize/" + id, exampleConfiguration()).path("state").asText())
        .isEqualTo("READY");
    assertThat(call(http, "GET", "/run/" + id, null).path("state").asText())
        .isIn("RUNNING", "QUEUED");
    long pid = awaitPid(pidFile);
    assertThat(ProcessHandle.of(pid)).isPresent();
    assertThat(call(http, "GET", "/status/" + id, null).path("state").asText())
        .isEqualTo("RUNNING");

    assertThat(call(http, "GET", "/remove/" + id, null).path("state").asText())
        .isEqualTo("UNKNOWN");

    assertThat(awaitGone(pid)).as("python pid %d still alive", pid).isTrue();
    HttpResponse<String> status = send(http, "GET", "/status/" + id, null);
    assertThat(status.statusCode()).isEqualTo(404);
  }

  private JsonNode call(HttpClient http, String method, String path, JsonNode body)
      throws Exception {
    HttpResponse<String> r = send(http, method, path, body);
    assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(200);
    return MAPPER.readTree(r.body());
  }

  private HttpResponse<String> send(HttpClient http, String method, String path, JsonNode body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.baseUri() + path)).timeout(Duration.ofSeconds(30));
    b =
        body == null
            ? b.method(method, HttpRequest.BodyPublishers.noBody())
            : b.header("Content-Type", "application/json")
                .method(
                    method, HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body)));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode awaitEnd(HttpClient http, String id) throws Exception {
    long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < end) {
      JsonNode r = call(http, "GET", "/results/" + id, null);
      if (!List.of("QUEUED", "RUNNING").contains(r.path("state").asText())) {
        return r;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("run " + id + " did not end");
  }

  private static long awaitPid(Path pidFile) throws Exception {
    long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < end) {
      if (Files.exists(pidFile)) {
        String s = Files.readString(pidFile).strip();
        if (!s.isEmpty()) {
          return Long.parseLong(s);
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the model process never started");
  }

  private static boolean awaitGone(long pid) throws Exception {
    long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < end) {
      if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }
}
