package io.modelrunner.app.engine;

import io.modelrunner.core.engine.FallbackEngine;
import io.modelrunner.core.engine.docker.DockerEngine;
import io.modelrunner.core.engine.docker.DockerEngineConfig;
import io.modelrunner.core.engine.process.ProcessEngine;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Makes the engines an {@link EngineChoice} asks for, for {@code model-runner run} and {@code
 * model-runner serve} alike: the one place that creates the Docker and the process engine.
 */
public final class EngineFactory {
  private final Map<String, String> environment;
  private final Consumer<String> fallbackNotices;

  /**
   * @param environment where {@code DOCKER_HOST} and the Docker settings are read
   * @param fallbackNotices told each time {@code auto} runs a model as a process instead
   */
  public EngineFactory(Map<String, String> environment, Consumer<String> fallbackNotices) {
    this.environment = Map.copyOf(environment);
    this.fallbackNotices = fallbackNotices;
  }

  /**
   * @param ownerId the label on every container the Docker engine starts (the node id, or the CLI
   *     process's id)
   * @throws EngineUnavailableException when {@code docker} is asked for and no Docker engine
   *     answers
   */
  public Engines create(EngineChoice choice, String ownerId) {
    if (choice == EngineChoice.process) {
      ProcessEngine processes = new ProcessEngine();
      return new Engines(
          processes, null, processes, "process (local processes from the models catalog)", false);
    }
    DockerProbe probe = docker(ownerId);
    if (choice == EngineChoice.docker) {
      if (probe.engine() == null) {
        throw new EngineUnavailableException(probe.why());
      }
      return new Engines(
          probe.engine(),
          probe.engine(),
          new ProcessEngine(),
          "docker (" + probe.host() + ")",
          false);
    }
    ProcessEngine processes = new ProcessEngine();
    if (probe.engine() == null) {
      return new Engines(processes, null, processes, "process (auto: " + probe.why() + ")", true);
    }
    return new Engines(
        new FallbackEngine(probe.engine(), processes, fallbackNotices::accept),
        probe.engine(),
        processes,
        "docker (auto: a Docker engine answers at "
            + probe.host()
            + "; a model whose image is not available runs as a local process when the models"
            + " catalog gives its command)",
        false);
  }

  /** A Docker engine that answers, or why there is none. */
  private record DockerProbe(DockerEngine engine, String host, String why) {}

  private DockerProbe docker(String ownerId) {
    DockerEngineConfig config = DockerEngineConfig.fromEnvironment(ownerId, environment);
    DockerEngine engine;
    try {
      engine = new DockerEngine(config);
    } catch (RuntimeException e) {
      return new DockerProbe(
          null,
          config.dockerHost(),
          "cannot use the Docker engine at " + config.dockerHost() + ": " + e.getMessage());
    }
    if (engine.ping()) {
      return new DockerProbe(engine, config.dockerHost(), "");
    }
    engine.close();
    return new DockerProbe(
        null, config.dockerHost(), "no Docker engine answers at " + config.dockerHost());
  }
}
