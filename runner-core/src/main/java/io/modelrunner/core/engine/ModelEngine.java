package io.modelrunner.core.engine;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Runs one model under the connector contract: the model reads {@code input/inputFile.json}, writes
 * {@code output/data.json} (and anything else) and may write logs to {@code log/}; exit code 0
 * means success. An engine releases what ran the model (container, process group, adapter run)
 * before {@link ModelExecution#await()} returns. Thread-safe: one engine runs many models at once.
 *
 * <p>Implementations:
 *
 * <ul>
 *   <li>{@code DockerEngine} ({@code docker}): a connector container on a Docker engine;
 *   <li>{@code ProcessEngine} ({@code process}): a local process, for development and the no-Docker
 *       quick start;
 *   <li>{@code AdapterEngine} ({@code adapter}, runner-app): a model served by a registered
 *       adapter, driven through its REST lifecycle;
 *   <li>{@code FallbackEngine} ({@code <primary>+<fallback>}): the primary engine, else the
 *       fallback for a model the primary cannot prepare ({@code --engine auto});
 *   <li>{@code RoutingEngine} (runner-app, named as its delegate): {@code adapter:} models to the
 *       adapter engine, every other model to its delegate.
 * </ul>
 */
@API(status = STABLE, since = "0.1.0")
public interface ModelEngine extends AutoCloseable {

  /**
   * What logs and run records call this engine: {@code docker}, {@code process}, {@code adapter},
   * or a composite's name as listed above.
   */
  String name();

  /**
   * Makes the model runnable and says exactly what will run: for Docker, uses the image when it is
   * present locally, else pulls it, and returns its id (pinned for the run), repo digest and
   * version label.
   *
   * @throws EngineException when the model cannot be made runnable (engine unreachable, image
   *     missing and not pullable, command not found); always a platform error
   */
  ModelIdentity prepare(ModelLaunch launch);

  /**
   * Starts the model and returns at once. The returned execution ends on its own (exit, deadline,
   * out of memory) or when cancelled; {@link ModelExecution#await()} gives the outcome. Output is
   * streamed to {@code workspace.log()/container.log}, capped at {@link
   * ExecutionLimits#logCapBytes()}, never held in memory.
   *
   * @param identity what {@link #prepare} returned: the run uses exactly that image
   * @throws EngineException when the model could not be started (a platform error)
   */
  ModelExecution start(ExecutionRequest request, ModelIdentity identity);

  /**
   * Finds the execution of {@code request.runId()} that a previous runner process started and
   * supervises it again, as {@link #start} would have: the returned execution ends on its own or
   * when cancelled, its deadline counts from when the model started (not from now), and everything
   * it held is released before {@link ModelExecution#await()} returns. Output from now on is
   * appended to {@code workspace.log()/container.log}. Returns at once.
   *
   * <p>The default finds nothing: an engine whose executions do not outlive the runner process (the
   * process engine) cannot reattach.
   *
   * @param request the request the execution was started with (same run id, workspace, limits)
   * @param identity what {@link #prepare} returned for it
   * @return the execution; empty when the engine no longer has it (it was removed, or never
   *     created)
   * @throws EngineException when the engine cannot be asked (a platform error)
   */
  default Optional<ModelExecution> reattach(ExecutionRequest request, ModelIdentity identity) {
    return Optional.empty();
  }

  @Override
  default void close() {}
}
