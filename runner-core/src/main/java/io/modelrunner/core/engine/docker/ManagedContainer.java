package io.modelrunner.core.engine.docker;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Instant;
import org.apiguardian.api.API;

/**
 * A container this runner started, as the engine reports it: what crash recovery looks at.
 *
 * @param id the container id
 * @param runId the run it belongs to (label {@value DockerEngine#RUN_ID_LABEL})
 * @param model the model slug (label {@value DockerEngine#MODEL_LABEL})
 * @param state the engine's state ({@code created}, {@code running}, {@code exited}, …)
 * @param created when the container was created
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record ManagedContainer(
    String id, String runId, String model, String state, Instant created) {
  public boolean running() {
    return "running".equals(state);
  }
}
