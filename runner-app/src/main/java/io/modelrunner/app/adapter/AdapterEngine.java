package io.modelrunner.app.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.adapter.AdapterClient;
import io.modelrunner.adapter.AdapterClientException;
import io.modelrunner.api.adapter.ModelRunInfo;
import io.modelrunner.api.adapter.RegistryEntry;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.app.db.DatabaseException;
import io.modelrunner.app.registry.ModelRegistry;
import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.Collectors;

/**
 * Runs models that a registered adapter serves instead of an image: a run request's model whose
 * {@code imageURL} is {@code adapter:<name>} runs on the first live {@code READY} adapter called
 * {@code <name>} in the {@link ModelRegistry}, driven through its REST lifecycle by {@link
 * AdapterClient} with the same contract as a container run:
 *
 * <ul>
 *   <li>{@link #prepare} pins the adapter: engine {@code adapter}, reference {@code
 *       adapter:<name>}, id the adapter's registry {@code uri}, version its registry {@code
 *       version};
 *   <li>{@link #start} sends the run's configuration ({@code input/inputFile.json}) to the pinned
 *       adapter (request → initialize → run), polls its status with backoff until a final state or
 *       the deadline, fetches the result and writes it to {@code output/data.json}, where the
 *       pipeline validates and stores it like a container's; the adapter's run is always removed.
 *       Each step and state change is a line in {@code log/container.log};
 *   <li>outcomes: {@code SUCCEEDED}; the model's {@code ERROR} or the adapter's refusal (an HTTP
 *       4xx but 404) is {@code MODEL_ERROR} with the adapter's reason; an unreachable adapter, an
 *       answer that is not adapter JSON, an HTTP 5xx or a run the adapter forgot (404) is {@code
 *       PLATFORM_ERROR}; the deadline is {@code TIMED_OUT}; a cancel removes the adapter's run at
 *       once and is {@code CANCELLED}.
 * </ul>
 *
 * The execution id is {@code <adapter uri>#<model_run_id>}. Adapter runs cannot be reattached after
 * a restart of the runner (the adapter evicts them after its own TTL). Thread-safe.
 */
public final class AdapterEngine implements ModelEngine {
  /** What {@link #name()} answers and {@link ModelIdentity#engine()} says. */
  public static final String NAME = "adapter";

  /** The image prefix of adapter-backed models: {@code adapter:<name>}. */
  public static final String IMAGE_PREFIX = "adapter:";

  /** The adapters' default lifecycle base path, appended to a registry {@code uri}. */
  public static final String DEFAULT_BASE_PATH = "/model";

  private final ModelRegistry registry;
  private final HttpClient http;
  private final AdapterClient.Options options;
  private final String basePath;
  private final ObjectMapper mapper = JsonMappers.standard();
  private final ScheduledThreadPoolExecutor deadlines;
  private final Set<AdapterExecution> running = ConcurrentHashMap.newKeySet();

  /**
   * @param registry where adapters are looked up by name
   * @param http the client for the adapters' lifecycle calls (shared; set its connect timeout)
   * @param options polling backoff and the timeout of one call
   * @param basePath the adapters' lifecycle base path ({@code registry.adapter-base-path}, {@code
   *     /model} by default; empty for none), appended to a registry {@code uri}
   */
  public AdapterEngine(
      ModelRegistry registry, HttpClient http, AdapterClient.Options options, String basePath) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.http = Objects.requireNonNull(http, "http");
    this.options = Objects.requireNonNull(options, "options");
    this.basePath = normalizeBasePath(basePath);
    this.deadlines =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "adapter-deadlines");
              t.setDaemon(true);
              return t;
            });
    deadlines.setRemoveOnCancelPolicy(true);
  }

  /** Whether {@code image} names an adapter-backed model ({@code adapter:<name>}). */
  public static boolean isAdapterImage(String image) {
    return image != null && image.startsWith(IMAGE_PREFIX);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Finds the first live {@code READY} adapter named by {@code launch.image()} ({@code
   * adapter:<name>}) in the registry.
   *
   * @throws EngineException when the image is not {@code adapter:<name>}, or no such adapter is
   *     live and READY ({@code no live READY adapter named <name> in the registry}), or the
   *     registry's database fails
   */
  @Override
  public ModelIdentity prepare(ModelLaunch launch) {
    String image = launch.image();
    if (!isAdapterImage(image)) {
      throw new EngineException(
          "model "
              + launch.slug()
              + ": the adapter engine runs images of the form adapter:<name>, not "
              + image);
    }
    String name = image.substring(IMAGE_PREFIX.length()).trim();
    if (name.isEmpty()) {
      throw new EngineException(
          "model " + launch.slug() + ": " + image + " names no adapter (adapter:<name>)");
    }
    try {
      RegistryEntry entry =
          registry
              .findReady(name)
              .orElseThrow(
                  () ->
                      new EngineException(
                          "no live READY adapter named " + name + " in the registry" + why(name)));
      return new ModelIdentity(NAME, IMAGE_PREFIX + name, entry.uri(), null, entry.version());
    } catch (DatabaseException e) {
      throw new EngineException(
          "the model registry cannot be read to find adapter " + name + ": " + e.getMessage(), e);
    }
  }

  /** What the registry has under {@code name}, for the message when none is READY. */
  private String why(String name) {
    List<RegistryEntry> entries = registry.findByName(name);
    if (entries.isEmpty()) {
      return " (none is registered under that name)";
    }
    return " ("
        + entries.stream().map(e -> e.uri() + " is " + e.status()).collect(Collectors.joining(", "))
        + ")";
  }

  /**
   * Reads the run's configuration, creates a run on the adapter pinned by {@code identity} (the
   * {@code request} call, so that the execution has its id) and drives the rest on the execution's
   * own thread.
   *
   * <p>When the adapter cannot create the run, the execution returned has already ended: {@code
   * MODEL_ERROR} when the adapter refused (answered {@code ERROR}), {@code PLATFORM_ERROR} when it
   * cannot be reached or answers an HTTP 5xx.
   *
   * @throws EngineException when the configuration cannot be read
   */
  @Override
  public ModelExecution start(ExecutionRequest request, ModelIdentity identity) {
    if (!NAME.equals(identity.engine())) {
      throw new EngineException(
          "the adapter engine cannot start a model prepared by the "
              + identity.engine()
              + " engine");
    }
    JsonNode configuration;
    try {
      configuration = mapper.readTree(Files.readAllBytes(request.workspace().inputFile()));
    } catch (IOException | RuntimeException e) {
      throw new EngineException(
          "cannot read the run's configuration " + request.workspace().inputFile() + ": " + e, e);
    }
    if (configuration == null || configuration.isMissingNode()) {
      throw new EngineException(
          "the run's configuration " + request.workspace().inputFile() + " is empty");
    }
    URI base;
    try {
      base = URI.create(identity.id() + basePath);
    } catch (IllegalArgumentException e) {
      throw new EngineException(
          "adapter uri " + identity.id() + " in the registry is not a URL: " + e.getMessage(), e);
    }
    AdapterClient client = new AdapterClient(base, http, options);
    ExecutionLog log = ExecutionLog.open(request.workspace(), request.limits().logCapBytes());
    log.line(
        "adapter "
            + identity.reference()
            + " (version "
            + identity.version()
            + ") at "
            + base
            + ": run "
            + request.runId()
            + ", deadline "
            + request.limits().deadline());
    ModelRunInfo requested;
    try {
      requested = client.request();
      log.line("request -> " + requested.state() + ", model run " + requested.modelRunId());
    } catch (AdapterClientException e) {
      log.line("request failed: " + e.getMessage());
      return AdapterExecution.failed(identity.id(), e, log);
    } catch (InterruptedException e) {
      log.close();
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while asking adapter " + base + " for a run", e);
    }
    AdapterExecution execution =
        new AdapterExecution(
            client,
            identity.id(),
            requested,
            configuration,
            request.workspace(),
            request.limits().deadline(),
            options,
            mapper,
            log,
            running::remove);
    running.add(execution);
    execution.start(deadlines);
    return execution;
  }

  /** Stops the deadline timer and cancels executions still running (their adapter runs removed). */
  @Override
  public void close() {
    for (AdapterExecution execution : List.copyOf(running)) {
      execution.cancel();
    }
    deadlines.shutdownNow();
  }

  private static String normalizeBasePath(String basePath) {
    if (basePath == null || basePath.isBlank() || basePath.equals("/")) {
      return "";
    }
    String p = basePath.trim();
    if (!p.startsWith("/")) {
      p = "/" + p;
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
