package io.modelrunner.app.engine;

import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.docker.DockerEngine;
import io.modelrunner.core.engine.process.ProcessEngine;
import io.modelrunner.engine.slurm.SlurmEngine;

/**
 * The engines one {@link EngineChoice} made.
 *
 * @param engine what runs the models: the Docker engine, the process engine, the Docker engine
 *     falling back to processes, or the Slurm engine
 * @param docker the Docker engine that runs containers here, or null when none does (processes
 *     only, or Slurm: its containers run on the cluster's nodes)
 * @param slurm the Slurm engine, or null unless {@code slurm} was chosen
 * @param processes the process engine (idle when {@code engine} is the Docker or Slurm engine
 *     alone)
 * @param description which engine runs and why, for the start-up message
 * @param fellBack whether {@code auto} found no Docker engine
 */
public record Engines(
    ModelEngine engine,
    DockerEngine docker,
    SlurmEngine slurm,
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
