package io.modelrunner.core.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.docker.TestRegistry;
import io.modelrunner.testkit.junit.RequiresDocker;
import io.modelrunner.testkit.junit.RequiresServer;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls from a real registry with credentials: a local {@code docker-registry} behind basic auth
 * ({@link TestRegistry}).
 */
@RequiresDocker
@RequiresServer(TestRegistry.Installed.class)
class DockerEngineRegistryIT {
  @TempDir Path temp;

  @Test
  void missingImageIsPulledWithTheRegistryCredentialsAndPinnedByDigest() throws Exception {
    try (TestRegistry registry = new TestRegistry(temp);
        TestDocker docker = new TestDocker()) {
      String source = new TestModels(docker).good();
      String pushed = registry.push(docker, source, "model-runner-test/pulled", "1");
      String runnerId = "it-registry-" + UUID.randomUUID();

      try (DockerEngine anonymous = new DockerEngine(TestDocker.config(runnerId))) {
        assertThatThrownBy(() -> anonymous.prepare(ModelLaunch.image("pulled", pushed)))
            .isInstanceOf(EngineException.class)
            .hasMessageContaining(pushed)
            .hasMessageContaining("cannot be pulled from " + registry.host())
            .hasMessageContaining("no credentials are configured for " + registry.host());
      }
      DockerEngineConfig withAuth =
          TestDocker.config(runnerId)
              .withRegistries(
                  List.of(new RegistryAuth(registry.host(), registry.user(), registry.password())));
      try (DockerEngine engine = new DockerEngine(withAuth)) {
        ModelIdentity identity = engine.prepare(ModelLaunch.image("pulled", pushed));

        assertThat(identity.id()).isEqualTo(docker.client().inspectImageCmd(source).exec().getId());
        assertThat(identity.digest())
            .startsWith(registry.host() + "/model-runner-test/pulled@sha256:");
        assertThat(identity.version()).isEqualTo(TestModels.VERSION);
      } finally {
        if (docker.exists(pushed)) {
          docker.client().removeImageCmd(pushed).exec();
        }
      }
    }
  }
}
