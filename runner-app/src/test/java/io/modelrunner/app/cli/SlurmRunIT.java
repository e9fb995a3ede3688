package io.modelrunner.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.app.testing.SlurmConnectors;
import io.modelrunner.engine.slurm.SlurmCluster;
import io.modelrunner.engine.slurm.TestSlurm;
import io.modelrunner.testkit.junit.RequiresDocker;
import io.modelrunner.testkit.junit.RequiresServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar model-runner.jar run --engine slurm}, end to end on the real single-node cluster
 * of {@code .ci/slurm.sh}: the connector image is unpacked into a bundle and runs as a Slurm job,
 * its results are stored and the web application gets its callbacks. The Slurm keys come from the
 * {@code MODEL_RUNNER_SLURM_*} variables. Skipped without the cluster or Docker; a failure where
 * they are required (CI).
 */
@RequiresServer(SlurmCluster.class)
@RequiresDocker(images = SlurmConnectors.BASE)
class SlurmRunIT {
  private static final ObjectMapper MAPPER = JsonMappers.standard();
  private static final String CONFIGURATION =
      "{\"region\":\"US\",\"parameters\":{\"calibrationDate\":\"2020-04-18\","
          + "\"calibrationCaseCount\":1400,\"calibrationDeathCount\":200,\"r0\":null,"
          + "\"interventionPeriods\":[]}}";

  private static TestSlurm slurm;

  @TempDir Path dir;
  private Path work;
  private HttpServer webApplication;
  private final List<JsonNode> callbacks = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void cluster() throws Exception {
    slurm = TestSlurm.require();
    SlurmConnectors.build();
  }

  @BeforeEach
  void webApplication() throws Exception {
    work = slurm.workDirectory("slurm-run-it");
    webApplication =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    webApplication.createContext(
        "/",
        exchange -> {
          callbacks.add(MAPPER.readTree(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    webApplication.start();
  }

  @AfterEach
  void stop() {
    webApplication.stop(0);
  }

  @Test
  void aConnectorImageRunsAsASlurmJobAndItsResultsAreStoredWithStartAndCompleteCallbacks()
      throws Exception {
    JarProcess.Result result = run("slurm-ok", SlurmConnectors.OK);

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stderr()).contains("engine: slurm (slurmrestd " + slurm.url());
    JsonNode line = MAPPER.readTree(result.stdoutLines().get(0));
    assertThat(line.path("status").asText()).as(line.toString()).isEqualTo("complete");
    assertThat(line.path("engine").asText()).isEqualTo("slurm");
    Path data = Path.of(URI.create(line.path("resultsLocation").asText()));
    assertThat(data).isRegularFile().startsWith(dir.resolve("store").toRealPath());
    assertThat(MAPPER.readTree(data.toFile()).path("metadata"))
        .isEqualTo(MAPPER.readTree(CONFIGURATION));
    assertThat(Path.of(URI.create(line.path("exportLocation").asText()))).isRegularFile();
    assertThat(SlurmConnectors.jobsNamed(line.path("runId").asText()))
        .as("one job, named after the run, that completed")
        .singleElement()
        .satisfies(job -> assertThat(job.state()).isEqualTo("COMPLETED"));
    assertThat(statuses()).containsExactly("in-progress", "complete");
    assertThat(result.stdout() + result.stderr())
        .as("the Slurm token is never printed")
        .doesNotContain(Files.readString(slurm.tokenFile()).strip());
  }

  @Test
  void anExitCodeThreeFailsTheRunWithAModelErrorCarryingTheCode() throws Exception {
    JarProcess.Result result = run("slurm-fail", SlurmConnectors.FAIL);

    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCodes.FAILED);
    JsonNode line = MAPPER.readTree(result.stdoutLines().get(0));
    assertThat(line.path("status").asText()).as(line.toString()).isEqualTo("failed");
    assertThat(line.path("reason").path("kind").asText()).isEqualTo("model-error");
    assertThat(line.path("reason").path("exitCode").asInt()).isEqualTo(3);
    assertThat(SlurmConnectors.jobsNamed(line.path("runId").asText()))
        .singleElement()
        .satisfies(job -> assertThat(job.state()).isEqualTo("FAILED"));
    assertThat(statuses()).containsExactly("in-progress", "failed");
    JsonNode failed = callbacks.get(1);
    assertThat(failed.path("reason").path("kind").asText())
        .as(failed.toString())
        .isEqualTo("model-error");
    assertThat(failed.path("reason").path("exitCode").asInt()).isEqualTo(3);
  }

  private List<String> statuses() {
    synchronized (callbacks) {
      return callbacks.stream().map(c -> c.path("status").asText()).toList();
    }
  }

  private JarProcess.Result run(String slug, String image) throws Exception {
    String request =
        "{\"id\":\"slurm-run-"
            + slug
            + "\",\"models\":[{\"slug\":\""
            + slug
            + "\",\"imageURL\":\""
            + image
            + "\"}],\"configuration\":"
            + CONFIGURATION
            + ",\"callbackURL\":\"http://127.0.0.1:"
            + webApplication.getAddress().getPort()
            + "\"}";
    Path requestFile = Files.writeString(dir.resolve("request.json"), request);
    return JarProcess.run(
        slurmVariables(),
        "run",
        requestFile.toString(),
        "--engine",
        "slurm",
        "--store",
        dir.resolve("store").toString(),
        "--work-dir",
        work.toString(),
        "--json");
  }

  /** The cluster's keys as {@code MODEL_RUNNER_SLURM_*} variables, the token as a file. */
  private static Map<String, String> slurmVariables() {
    return Map.of(
        "MODEL_RUNNER_SLURM_URL", slurm.url().toString(),
        "MODEL_RUNNER_SLURM_USER", slurm.user(),
        "MODEL_RUNNER_SLURM_TOKEN_FILE", slurm.tokenFile().toString(),
        "MODEL_RUNNER_SLURM_SHARED_DIRECTORY", slurm.sharedDirectory().toString());
  }
}
