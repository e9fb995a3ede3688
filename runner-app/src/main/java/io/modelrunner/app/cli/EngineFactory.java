package io.modelrunner.app.cli;

import io.modelrunner.core.engine.FallbackEngine;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.docker.DockerEngine;
import io.modelrunner.core.engine.docker.DockerEngineConfig;
import io.modelrunner.core.engine.process.ProcessEngine;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Creates the engine {@code --engine} asks for, and says on stderr which one runs. */
final class EngineFactory {
  private final PrintWriter err;

  EngineFactory(PrintWriter err) {
    this.err = err;
  }

  /**
   * @throws UserErrorException when {@code docker} is asked for and no Docker engine answers
   */
  ModelEngine create(EngineChoice choice) {
    switch (choice) {
      case process:
        err.println("model-runner: engine: process (local processes from the models catalog)");
        return new ProcessEngine();
      case docker:
        {
          DockerProbe probe = docker();
          if (probe.engine() == null) {
            throw new UserErrorException("--engine docker: " + probe.why(), null);
          }
          err.println("model-runner: engine: docker (" + dockerHost(probe) + ")");
          return probe.engine();
        }
      default:
        {
          DockerProbe probe = docker();
          if (probe.engine() != null) {
            err.println(
                "model-runner: engine: docker (auto: a Docker engine answers at "
                    + dockerHost(probe)
                    + "; a model whose image is not available runs as a local process when the"
                    + " models catalog gives its command)");
            err.flush();
            return new FallbackEngine(
                probe.engine(),
                new ProcessEngine(),
                notice -> {
                  err.println("model-runner: engine: " + notice);
                  err.flush();
                });
          }
          err.println("model-runner: engine: process (auto: " + probe.why() + ")");
          return new ProcessEngine();
        }
    }
  }

  private static String dockerHost(DockerProbe probe) {
    return probe.engine().config().dockerHost();
  }

  /** A Docker engine, or why there is none. */
  record DockerProbe(DockerEngine engine, String why) {}

  /**
   * The CLI's Docker engine: the engine at {@code DOCKER_HOST}, if it answers. ({@code serve}
   * creates its own in {@code RunnerServer}.)
   */
  static DockerProbe docker() {
    DockerEngineConfig config = DockerEngineConfig.fromEnvironment(runnerId(), System.getenv());
    DockerEngine engine;
    try {
      engine = new DockerEngine(config);
    } catch (RuntimeException e) {
      return new DockerProbe(
          null, "cannot use the Docker engine at " + config.dockerHost() + ": " + e.getMessage());
    }
    if (engine.ping()) {
      return new DockerProbe(engine, "");
    }
    engine.close();
    return new DockerProbe(null, "no Docker engine answers at " + config.dockerHost());
  }

  /** This CLI process's runner id, the label on every container it starts. */
  private static String runnerId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return "cli-" + host + "-" + ProcessHandle.current().pid();
  }
}
