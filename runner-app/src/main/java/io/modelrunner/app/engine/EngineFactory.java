package io.modelrunner.app.engine;

import io.modelrunner.core.engine.FallbackEngine;
import io.modelrunner.core.engine.docker.DockerEngine;
import io.modelrunner.core.engine.docker.DockerEngineConfig;
import io.modelrunner.core.engine.docker.RegistryCredentials;
import io.modelrunner.core.engine.process.ProcessEngine;
import io.modelrunner.engine.slurm.SlurmEngine;
import io.modelrunner.engine.slurm.SlurmEngineConfig;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Makes the engines an {@link EngineChoice} asks for, for {@code model-runner run} and {@code
 * model-runner serve} alike: the one place that creates the Docker, the process and the Slurm
 * engine.
 */
public final class EngineFactory {
  private final Map<String, String> environment;
  private final SlurmSettings slurm;
  private final RegistryCredentials credentials;
  private final Consumer<String> notices;

  /**
   * @param environment where {@code DOCKER_HOST} and the Docker settings are read
   * @param slurm the {@code slurm.*} keys, used when {@code slurm} is chosen ({@link
   *     SlurmSettings#unset()} otherwise)
   * @param notices told each time {@code auto} runs a model as a process instead, and what the
   *     Slurm engine can run
   */
  public EngineFactory(
      Map<String, String> environment, SlurmSettings slurm, Consumer<String> notices) {
    this(environment, slurm, RegistryCredentials.none(), notices);
  }

  /**
   * @param credentials what the Docker engine pulls images with (also when it unpacks images for
   *     the Slurm engine)
   */
  public EngineFactory(
      Map<String, String> environment,
      SlurmSettings slurm,
      RegistryCredentials credentials,
      Consumer<String> notices) {
    this.environment = Map.copyOf(environment);
    this.slurm = Objects.requireNonNull(slurm, "slurm");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.notices = notices;
  }

  /**
   * @param ownerId the label on every container the Docker engine starts and the comment of every
   *     job the Slurm engine submits (the node id, or the CLI process's id)
   * @throws EngineUnavailableException when {@code docker} is asked for and no Docker engine
   *     answers, or {@code slurm} and a {@code slurm.*} key is missing or slurmrestd does not
   *     answer (the message names the key to fix)
   */
  public Engines create(EngineChoice choice, String ownerId) {
    if (choice == EngineChoice.process) {
      ProcessEngine processes = new ProcessEngine();
      return new Engines(
          processes,
          null,
          null,
          processes,
          "process (local processes from the models catalog)",
          false);
    }
    if (choice == EngineChoice.slurm) {
      return slurm(ownerId);
    }
    DockerProbe probe = docker(ownerId);
    if (choice == EngineChoice.docker) {
      if (probe.engine() == null) {
        throw new EngineUnavailableException(probe.why());
      }
      return new Engines(
          probe.engine(),
          probe.engine(),
          null,
          new ProcessEngine(),
          "docker (" + probe.host() + ")",
          false);
    }
    ProcessEngine processes = new ProcessEngine();
    if (probe.engine() == null) {
      return new Engines(
          processes, null, null, processes, "process (auto: " + probe.why() + ")", true);
    }
    return new Engines(
        new FallbackEngine(probe.engine(), processes, notices::accept),
        probe.engine(),
        null,
        processes,
        "docker (auto: a Docker engine answers at "
            + probe.host()
            + "; a model whose image is not available runs as a local process when the models"
            + " catalog gives its command)",
        false);
  }

  /**
   * The Slurm engine, checked against slurmrestd. Images are unpacked into bundles with the Docker
   * engine when one answers; without one, only models with a catalog command can run. The process
   * engine is made too but stays idle (the Slurm engine runs a catalog command as the job itself):
   * it is there for the orphan reaping every start does.
   */
  private Engines slurm(String ownerId) {
    List<String> problems = slurm.problems();
    if (!problems.isEmpty()) {
      throw new EngineUnavailableException(String.join("; ", problems));
    }
    SlurmEngineConfig config = slurm.engineConfig(ownerId);
    DockerProbe probe = docker(ownerId);
    String images;
    if (probe.engine() != null) {
      probe.engine().close();
      config = config.withDocker(probe.config());
      images = "images unpacked with the Docker engine at " + probe.host();
    } else {
      images = "only models with a catalog command can run: " + probe.why();
      notices.accept("slurm: " + images);
    }
    SlurmEngine engine;
    try {
      engine = new SlurmEngine(config);
    } catch (RuntimeException e) {
      throw new EngineUnavailableException(
          "cannot use the Slurm engine (" + slurm.describe() + "): " + e.getMessage());
    }
    try {
      engine.requireReachable();
    } catch (RuntimeException e) {
      engine.close();
      throw new EngineUnavailableException(
          "slurmrestd at "
              + slurm.url()
              + " (slurm.url) cannot be used as "
              + slurm.user()
              + " (slurm.user, with "
              + config.token()
              + "): "
              + e.getMessage());
    }
    return new Engines(
        engine,
        null,
        engine,
        new ProcessEngine(),
        "slurm (" + slurm.describe() + "; " + images + ")",
        false);
  }

  /** A Docker engine that answers (and its configuration), or why there is none. */
  private record DockerProbe(
      DockerEngine engine, DockerEngineConfig config, String host, String why) {}

  private DockerProbe docker(String ownerId) {
    DockerEngineConfig config =
        DockerEngineConfig.fromEnvironment(ownerId, environment).withRegistries(credentials);
    DockerEngine engine;
    try {
      engine = new DockerEngine(config);
    } catch (RuntimeException e) {
      return new DockerProbe(
          null,
          config,
          config.dockerHost(),
          "cannot use the Docker engine at " + config.dockerHost() + ": " + e.getMessage());
    }
    if (engine.ping()) {
      return new DockerProbe(engine, config, config.dockerHost(), "");
    }
    engine.close();
    return new DockerProbe(
        null, config, config.dockerHost(), "no Docker engine answers at " + config.dockerHost());
  }
}
