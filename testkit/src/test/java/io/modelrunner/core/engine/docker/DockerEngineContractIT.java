package io.modelrunner.core.engine.docker;

import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.engine.Capabilities;
import io.modelrunner.testkit.junit.RequiresDocker;

/** {@link DockerEngine} under the engine contract on the Docker engine of {@code DOCKER_HOST}. */
@RequiresDocker(images = TestDocker.BUSYBOX)
class DockerEngineContractIT extends DockerApiEngineContract {
  @Override
  protected DockerEngineConfig config(String runnerId) {
    return TestDocker.config(runnerId);
  }

  @Override
  protected Capabilities capabilities() {
    return Capabilities.all();
  }
}
