package io.modelrunner.app.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.core.engine.process.ProcessEngine;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineFactoryTest {
  /** A Docker host where nothing answers. */
  private final EngineFactory factory =
      new EngineFactory(Map.of("DOCKER_HOST", "tcp://127.0.0.1:1"), notice -> {});

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
}
