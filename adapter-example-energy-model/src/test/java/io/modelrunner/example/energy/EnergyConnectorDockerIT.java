package io.modelrunner.example.energy;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.core.engine.docker.DockerEngine;
import io.modelrunner.core.engine.docker.DockerEngineConfig;
import io.modelrunner.core.pipeline.RunResult;
import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.junit.RequiresDocker;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector image built by {@code build-image.sh} (from {@code local/python3:bookworm}) and run
 * by runner-core end to end on the real Docker engine. Skipped when no engine answers, unless
 * {@code MODEL_RUNNER_REQUIRE_DOCKER=true}.
 */
@RequiresDocker(images = TestDocker.PYTHON)
class EnergyConnectorDockerIT {
  private static final String RUNNER_ID =
      "energy-connector-it-" + UUID.randomUUID().toString().substring(0, 8);

  @TempDir Path dir;

  @BeforeAll
  static void theImageIsBuilt() throws Exception {
    EnergyConnectorImage.build();
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
