package io.modelrunner.adapter;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

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
 * (reserve resources), {@link #onRemove(String)} (clean up), {@link #configSchema()}, {@link
 * #name()} and {@link #version()}.
 *
 * @param <C> the configuration type (a record or a Jackson-readable class)
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public abstract class ModelAdapter<C> {
  private final Class<C> configType;

  /**
   * An adapter whose {@code initialize} bodies are read as {@code configType}.
   *
   * @param configType the configuration type
   */
  protected ModelAdapter(Class<C> configType) {
    this.configType = Objects.requireNonNull(configType, "configType");
  }

  /**
   * The configuration type given to the constructor.
   *
   * @return the configuration type
   */
  public final Class<C> configType() {
    return configType;
  }

  /**
   * Checks and applies one run's configuration.
   *
   * @param config the run's configuration
   * @throws ConfigurationRefusedException to refuse it with a message for the caller (logged as one
   *     line); any other exception refuses it too: the run goes to {@code ERROR} with the message
   */
  public abstract void initialize(C config) throws Exception;

  /**
   * Runs the model. Called on a worker thread; {@code remove} interrupts that thread, so blocking
   * calls should let {@link InterruptedException} propagate (as {@link ProcessRunner} does). After
   * a cancellation {@link RunContext#reportProgress(String)} throws {@link RunCancelledException}:
   * let it propagate; or return early when {@link RunContext#isCancelled()} is true.
   *
   * @param context the run's id, configuration, working directory and progress reporting
   * @return the result, written as the {@code result} of {@code /results/{id}}
   * @throws Exception when the run fails: the run goes to {@code ERROR} with the message
   */
  public abstract Object run(RunContext<C> context) throws Exception;

  /**
   * Called on {@code /request} before the run is accepted. Throw to refuse the request (the caller
   * gets state {@code ERROR} with the message and no run is tracked).
   *
   * @param modelRunId the id the run would get
   * @throws Exception to refuse the request
   */
  public void onRequest(String modelRunId) throws Exception {}

  /**
   * Called once when a run is removed or evicted, after a running model has been interrupted and
   * has stopped (or the grace period has passed), and before the SDK deletes the run's {@link
   * RunContext#workDir()}. Free what the run holds here.
   *
   * @param modelRunId the removed run's id
   * @throws Exception logged; the removal goes on
   */
  public void onRemove(String modelRunId) throws Exception {}

  /**
   * A JSON Schema (a {@code file:}, {@code jar:} or {@code https:} URI, e.g. from {@code
   * getClass().getResource("config.schema.json").toURI()}) that every {@code initialize} body must
   * match; a body that does not gets HTTP 422 naming the fields. The schema is served at {@code GET
   * {base}/config-schema}. Empty (the default) for no schema check (that endpoint answers 404).
   *
   * @return the schema's URI, or empty
   */
  public Optional<URI> configSchema() {
    return Optional.empty();
  }

  /**
   * The name registered with the model registry and shown as {@code name} by {@code GET /status},
   * unless the configuration gives one ({@code --name}, {@code ADAPTER_ID}, {@link
   * AdapterConfig.Builder#name(String)}). By default the class's simple name (e.g. {@code
   * SeirAdapter}), or {@code model-adapter} for an anonymous class.
   *
   * @return the adapter's name
   */
  public String name() {
    String simple = getClass().getSimpleName();
    return simple.isEmpty() ? "model-adapter" : simple;
  }

  /**
   * The version registered with the model registry and shown by {@code GET /status}.
   *
   * @return the version ({@code 0.0.0} by default)
   */
  public String version() {
    return "0.0.0";
  }
}
