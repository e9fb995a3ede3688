package io.modelrunner.adapter;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model author extends to get a complete adapter service. Two methods are required:
 *
 * <ul>
 *   <li>{@link #initialize(Object)}: check and apply one run's configuration (the body of {@code
 *       POST /initialize/{id}}, already deserialised into {@code C} and, when {@link
 *       #configSchema()} names one, validated against a JSON Schema). Throwing puts the run in
 *       {@code ERROR} with the exception's message.
 *   <li>{@link #run(RunContext)}: run the model and return its result (any object Jackson can
 *       write; a result that points at a stored file should carry a {@code path} key). Throwing
 *       ends the run in {@code ERROR} with the message; the stack trace goes to the log only.
 * </ul>
 *
 * <p>Both are called on SDK threads, possibly for several runs at once: keep per-run state in the
 * config or in {@link RunContext}, not in fields. Optional hooks: {@link #onRequest(String)}
 * (reserve resources), {@link #onRemove(String)} (clean up), {@link #version()}.
 *
 * @param <C> the configuration type (a record or a Jackson-readable class)
 */
public abstract class ModelAdapter<C> {
  private final Class<C> configType;

  protected ModelAdapter(Class<C> configType) {
    this.configType = Objects.requireNonNull(configType, "configType");
  }

  public final Class<C> configType() {
    return configType;
  }

  /**
   * Checks and applies one run's configuration.
   *
   * @throws Exception to refuse it: the run goes to {@code ERROR} with the message
   */
  public abstract void initialize(C config) throws Exception;

  /**
   * Runs the model. Called on a worker thread; {@code remove} interrupts that thread, so blocking
   * calls should let {@link InterruptedException} propagate (as {@link ProcessRunner} does).
   *
   * @return the result, written as the {@code result} of {@code /results/{id}}
   * @throws Exception when the run fails: the run goes to {@code ERROR} with the message
   */
  public abstract Object run(RunContext<C> context) throws Exception;

  /**
   * Called on {@code /request} before the run is accepted. Throw to refuse the request (the caller
   * gets state {@code ERROR} with the message and no run is tracked).
   */
  public void onRequest(String modelRunId) throws Exception {}

  /**
   * Called once when a run is removed or evicted, after a running model has been interrupted and
   * has stopped (or the grace period has passed). Free what the run holds here.
   */
  public void onRemove(String modelRunId) throws Exception {}

  /**
   * A JSON Schema (a {@code file:}, {@code jar:} or {@code https:} URI, e.g. from {@code
   * getClass().getResource("config.schema.json").toURI()}) that every {@code initialize} body must
   * match; a body that does not gets HTTP 422 naming the fields. The schema is served at {@code GET
   * {base}/config-schema}. Empty (the default) for no schema check (that endpoint answers 404).
   */
  public Optional<URI> configSchema() {
    return Optional.empty();
  }

  /** The version registered with the model registry. */
  public String version() {
    return "0.0.0";
  }
}
