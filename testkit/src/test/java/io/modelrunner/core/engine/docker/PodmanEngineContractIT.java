package io.modelrunner.core.engine.docker;

import io.modelrunner.testkit.docker.TestPodman;
import io.modelrunner.testkit.engine.Capabilities;
import io.modelrunner.testkit.engine.Capability;
import io.modelrunner.testkit.junit.RequiresServer;

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
}
