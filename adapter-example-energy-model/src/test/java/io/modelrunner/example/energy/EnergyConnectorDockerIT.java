package io.modelrunner.example.energy;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.core.engine.docker.DockerEngine;
import io.modelrunner.core.engine.docker.DockerEngineConfig;
import io.modelrunner.core.pipeline.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector image built by {@code build-image.sh} (from {@code local/python3:bookworm}) and run
 * by runner-core end to end on the real Docker engine. Skipped when no engine answers, unless
 * {@code MODEL_RUNNER_REQUIRE_DOCKER=true}.
 */
class EnergyConnectorDockerIT {
  private static final String RUNNER_ID =
      "energy-connector-it-" + UUID.randomUUID().toString().substring(0, 8);

  @TempDir Path dir;

  @BeforeAll
  static void dockerAnswersAndTheImageIsBuilt() throws Exception {
    Path log = Files.createTempFile("energy-docker-", ".log");
    boolean answers = run(log, "docker", "info") == 0;
    if (!answers) {
      String why = "no Docker engine answers `docker info`: " + Files.readString(log).strip();
      if ("true".equals(System.getenv("MODEL_RUNNER_REQUIRE_DOCKER"))) {
        throw new AssertionError(why + " (MODEL_RUNNER_REQUIRE_DOCKER=true)");
      }
      Assumptions.abort(why);
    }
    Path script = Path.of(System.getProperty("module.dir", ".")).resolve("build-image.sh");
    int exit = run(log, "sh", script.toString());
    assertThat(exit).as("build-image.sh: %s", Files.readString(log)).isZero();
    Files.delete(log);
  }

  private static int run(Path log, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .directory(Path.of(System.getProperty("module.dir", ".")).toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  @Test
  void theExampleRequestRunsTheConnectorImageEndToEnd() throws Exception {
    try (DockerEngine engine =
        new DockerEngine(DockerEngineConfig.fromEnvironment(RUNNER_ID, System.getenv()))) {
      RunResult result = EnergyPipelineSupport.runExample(engine, dir);

      EnergyPipelineSupport.assertCompleteAndValid(result);
      assertThat(result.identity().engine()).isEqualTo("docker");
      assertThat(engine.containers(RUNNER_ID)).isEmpty();
    }
  }
}
