package io.modelrunner.app.cli;

/** {@code --engine}: which engine runs the models. */
enum EngineChoice {
  /** Docker when an engine answers, else the process engine. */
  auto,
  /** The Docker engine; fails when none answers. */
  docker,
  /** Local processes, from the models catalog's commands. */
  process
}
