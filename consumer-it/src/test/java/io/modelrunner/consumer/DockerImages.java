package io.modelrunner.consumer;

import com.github.dockerjava.api.exception.NotFoundException;
import io.modelrunner.testkit.docker.TestDocker;
import java.io.IOException;

/** Removes the images a generated project's build tagged. */
final class DockerImages {
  private DockerImages() {}

  /** Removes {@code tag} if it exists. */
  static void removeQuietly(String tag) throws IOException {
    try (TestDocker docker = new TestDocker()) {
      docker.client().removeImageCmd(tag).withForce(true).exec();
    } catch (NotFoundException e) {
      // not built: nothing to remove
    }
  }
}
