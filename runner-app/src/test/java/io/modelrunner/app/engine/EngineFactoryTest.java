package io.modelrunner.app.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.core.engine.process.ProcessEngine;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineFactoryTest {
  /** A Docker host where nothing answers. */
  private final EngineFactory factory =
      new EngineFactory(
          Map.of("DOCKER_HOST", "tcp://127.0.0.1:1"), SlurmSettings.unset(), notice -> {});

  @Test
  void processRunsModelsAsLocalProcessesWithoutLookingForDocker() {
    try (Engines engines = factory.create(EngineChoice.process, "node-a")) {
      assertThat(engines.engine()).isInstanceOf(ProcessEngine.class).isSameAs(engines.processes());
      assertThat(engines.docker()).isNull();
      assertThat(engines.fellBack()).isFalse();
      assertThat(engines.description())
          .isEqualTo("process (local processes from the models catalog)");
    }
  }

  @Test
  void autoFallsBackToProcessesAndSaysWhyWhenNoDockerEngineAnswers() {
    try (Engines engines = factory.create(EngineChoice.auto, "node-a")) {
      assertThat(engines.engine()).isSameAs(engines.processes());
      assertThat(engines.docker()).isNull();
      assertThat(engines.fellBack()).isTrue();
      assertThat(engines.description()).startsWith("process (auto: ").contains("tcp://127.0.0.1:1");
    }
  }

  @Test
  void dockerFailsWhenNoDockerEngineAnswers() {
    assertThatThrownBy(() -> factory.create(EngineChoice.docker, "node-a"))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("tcp://127.0.0.1:1");
  }

  @Test
  void slurmWithNoSlurmKeysNamesEveryMissingKeyWithoutContactingAnything() {
    assertThatThrownBy(() -> factory.create(EngineChoice.slurm, "node-a"))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("slurm.url is not set")
        .hasMessageContaining("slurm.user is not set")
        .hasMessageContaining("neither slurm.token nor slurm.token-file is set")
        .hasMessageContaining("slurm.shared-directory is not set");
  }

  @Test
  void slurmFailsNamingSlurmUrlWhenSlurmrestdDoesNotAnswerAndNeverPrintsTheToken(
      @TempDir Path shared) {
    SlurmSettings slurm =
        new SlurmSettings(
            URI.create("http://127.0.0.1:1"),
            "mrunner",
            "secret-jwt-value",
            null,
            shared,
            "debug",
            "",
            "",
            Duration.ofSeconds(1));
    EngineFactory slurmFactory =
        new EngineFactory(Map.of("DOCKER_HOST", "tcp://127.0.0.1:1"), slurm, notice -> {});

    assertThatThrownBy(() -> slurmFactory.create(EngineChoice.slurm, "node-a"))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("slurmrestd at http://127.0.0.1:1 (slurm.url)")
        .hasMessageContaining("mrunner (slurm.user")
        .hasMessageNotContaining("secret-jwt-value");
  }
}
