package io.modelrunner.core.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.docker.TestPodman;
import io.modelrunner.testkit.engine.Capabilities;
import io.modelrunner.testkit.engine.Capability;
import io.modelrunner.testkit.junit.RequiresServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link DockerEngine} under the engine contract on a rootful Podman service ({@code podman system
 * service}, started by {@code .ci/podman.sh}), whose Docker-compatible API it uses unchanged. The
 * contract model is built by Podman itself, through that API.
 */
@RequiresServer(TestPodman.Available.class)
class PodmanEngineContractIT extends DockerApiEngineContract {
  @Override
  protected DockerEngineConfig config(String runnerId) {
    return TestPodman.config(runnerId);
  }

  /**
   * All but {@link Capability#OUT_OF_MEMORY}: the memory limit is enforced (the model is killed,
   * exit code 137), but Podman 4.3 never reports it. Its conmon (2.1) writes the out-of-memory
   * marker file {@code oom} into its own working directory (inherited from the service) instead of
   * the container's bundle, where Podman looks for it: {@code State.OOMKilled} stays false, and the
   * outcome is a model error with exit code 137.
   */
  @Override
  protected Capabilities capabilities() {
    return Capabilities.all()
        .without(
            Capability.OUT_OF_MEMORY,
            "Podman 4.3 (conmon 2.1) never sets State.OOMKilled: conmon writes its 'oom' marker"
                + " into its working directory, not the container's bundle where Podman looks;"
                + " a model over its memory limit is killed (exit code 137) and reported as a"
                + " model error");
  }

  /**
   * Podman creates the container in the runtime when the engine attaches to it, and refuses the
   * attach (409) when the runtime cannot: the start fails at once with the runtime's reason, not
   * after the attach timeout, and leaves no container.
   */
  @Test
  void aModelWhoseEntrypointIsMissingFailsToStartAtOnceSayingWhy() throws Exception {
    String broken =
        docker()
            .image(
                "broken-entrypoint",
                Map.of(
                    "Dockerfile",
                    "FROM " + TestDocker.BUSYBOX + "\nENTRYPOINT [\"/no/such/model\"]\n"));
    ExecutionRequest request =
        new ExecutionRequest(
            "contract-broken-" + UUID.randomUUID(),
            ModelLaunch.image("broken", broken),
            workspace("broken"),
            ExecutionLimits.defaults(),
            Map.of());
    ModelIdentity identity = engine().prepare(request.launch());
    long before = System.nanoTime();

    assertThatThrownBy(() -> engine().start(request, identity))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("model broken")
        .hasMessageContaining("/no/such/model");

    assertThat(Duration.ofNanos(System.nanoTime() - before))
        .as("refused at once, not after the attach timeout")
        .isLessThan(Duration.ofSeconds(20));
    assertThat(
            docker()
                .client()
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(DockerEngine.RUN_ID_LABEL, request.runId()))
                .exec())
        .isEmpty();
  }
}
