package io.modelrunner.core.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ModelLaunch;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Needs no Docker engine: talks to a socket where none listens. */
class DockerEngineUnreachableTest {
  @TempDir Path temp;

  @Test
  void pingSaysNoAndPrepareSaysWhereTheEngineWasExpected() {
    String host = "unix://" + temp.resolve("no-docker.sock");
    DockerEngineConfig config =
        DockerEngineConfig.fromEnvironment("unit", Map.of("DOCKER_HOST", host));
    try (DockerEngine engine = new DockerEngine(config)) {
      assertThat(engine.ping()).isFalse();
      assertThatThrownBy(() -> engine.prepare(ModelLaunch.image("m", "local/busybox:1")))
          .isInstanceOf(EngineException.class)
          .hasMessageStartingWith(
              "Docker engine not reachable at " + host + ": is dockerd running?");
      assertThatThrownBy(engine::requireReachable)
          .isInstanceOf(EngineException.class)
          .hasMessageContaining(host);
    }
  }

  @Test
  void configTakesTheEngineFromDockerHostElseTheDefaultSocket() {
    assertThat(DockerEngineConfig.fromEnvironment("r", Map.of()).dockerHost())
        .isEqualTo("unix:///var/run/docker.sock");
    assertThat(
            DockerEngineConfig.fromEnvironment("r", Map.of("DOCKER_HOST", "tcp://h:2375"))
                .dockerHost())
        .isEqualTo("tcp://h:2375");
  }

  @Test
  void registryPasswordsAreNeverPrinted() {
    assertThat(new RegistryAuth("ghcr.io", "me", "s3cret").toString()).doesNotContain("s3cret");
  }
}
