package io.modelrunner.app.cli;

import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.process.ProcessEngine;
import java.io.PrintWriter;

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
          err.println("model-runner: engine: docker");
          return probe.engine();
        }
      default:
        {
          DockerProbe probe = docker();
          if (probe.engine() != null) {
            err.println("model-runner: engine: docker (auto: a Docker engine answered)");
            return probe.engine();
          }
          err.println("model-runner: engine: process (auto: " + probe.why() + ")");
          return new ProcessEngine();
        }
    }
  }

  /** A Docker engine, or why there is none. */
  record DockerProbe(ModelEngine engine, String why) {}

  /** The one place that creates the Docker engine. */
  static DockerProbe docker() {
    return new DockerProbe(null, "the Docker engine is not part of this build yet");
  }
}
