package io.modelrunner.app.engine;

import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.docker.DockerEngine;
import io.modelrunner.core.engine.process.ProcessEngine;

/**
 * The engines one {@link EngineChoice} made.
 *
 * @param engine what runs the models: the Docker engine, the process engine, or the Docker engine
 *     falling back to processes
 * @param docker the Docker engine, or null when models run as processes only
 * @param processes the process engine (idle when {@code engine} is the Docker engine alone)
 * @param description which engine runs and why, for the start-up message
 * @param fellBack whether {@code auto} found no Docker engine
 */
public record Engines(
    ModelEngine engine,
    DockerEngine docker,
    ProcessEngine processes,
    String description,
    boolean fellBack)
    implements AutoCloseable {

  /** Closes {@code engine} and the process engine. */
  @Override
  public void close() {
    try {
      engine.close();
    } finally {
      if (processes != engine) {
        processes.close();
      }
    }
  }
}
