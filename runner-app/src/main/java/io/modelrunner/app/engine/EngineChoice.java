package io.modelrunner.app.engine;

/** {@code --engine} and the {@code engine} key: which engine runs the models. */
public enum EngineChoice {
  /** Docker when an engine answers, else the process engine. */
  auto,
  /** The Docker engine; fails when none answers. */
  docker,
  /** Local processes, from the models catalog's commands. */
  process,
  /** Each model as a Slurm job, through slurmrestd ({@code slurm.*} keys); fails when unusable. */
  slurm
}
