package io.modelrunner.conformance.connector;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerConfig;
import io.modelrunner.core.engine.docker.DockerClients;
import io.modelrunner.core.engine.docker.DockerEngineConfig;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What the check asks the Docker engine beyond what runner-core's engine does: the image's start
 * command and user, and a SIGTERM to a running container (the engine itself only kills).
 */
final class DockerSide implements AutoCloseable {
  private final DockerClient client;

  /** What the image starts, and as whom. */
  record ImageFacts(List<String> entrypoint, List<String> cmd, String user) {
    ImageFacts {
      entrypoint = List.copyOf(entrypoint);
      cmd = List.copyOf(cmd);
      user = user == null ? "" : user;
    }

    boolean startsSomething() {
      return !entrypoint.isEmpty() || !cmd.isEmpty();
    }

    /** Whether it runs as root: no user, {@code root} or uid 0. */
    boolean runsAsRoot() {
      String name = user.split(":", 2)[0];
      return name.isEmpty() || name.equals("root") || name.equals("0");
    }

    String describe() {
      return "ENTRYPOINT "
          + entrypoint
          + " CMD "
          + cmd
          + " USER "
          + (user.isEmpty() ? "(none: root)" : user);
    }
  }

  DockerSide(DockerEngineConfig config) {
    this.client = DockerClients.create(config, 8);
  }

  /** The image's start command and user; empty when the engine does not have the image. */
  Optional<ImageFacts> inspect(String image) {
    try {
      InspectImageResponse response = client.inspectImageCmd(image).exec();
      ContainerConfig config = response.getConfig();
      if (config == null) {
        return Optional.of(new ImageFacts(List.of(), List.of(), ""));
      }
      return Optional.of(
          new ImageFacts(
              config.getEntrypoint() == null ? List.of() : List.of(config.getEntrypoint()),
              config.getCmd() == null ? List.of() : List.of(config.getCmd()),
              config.getUser()));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Sends SIGTERM to the container; false when it is no longer running (it finished before it could
   * be signalled).
   */
  boolean terminate(String containerId) {
    try {
      client.killContainerCmd(containerId).withSignal("SIGTERM").exec();
      return true;
    } catch (ConflictException | NotFoundException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
