package io.modelrunner.testkit.engine;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * What an engine may or may not be able to do; a contract test that needs one is skipped without.
 */
@API(status = STABLE, since = "0.1.0")
public enum Capability {
  /** The outcome carries the model's exit code (0 on success, the code on a model error). */
  EXIT_CODES,
  /** The model's stdout and stderr go to {@code log/container.log}, capped at the log cap. */
  MODEL_OUTPUT_LOGGED,
  /** The engine enforces a memory limit and tells a model it killed for it (OUT_OF_MEMORY). */
  OUT_OF_MEMORY,
  /** A new engine instance supervises again an execution that a stopped runner left running. */
  REATTACH
}
