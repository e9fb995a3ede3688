package io.modelrunner.app.adapter;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.adapter.client.AdapterClient;
import io.modelrunner.adapter.client.AdapterClientException;
import io.modelrunner.api.adapter.ModelRunInfo;
import io.modelrunner.api.adapter.RegistryEntry;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.app.db.DatabaseException;
import io.modelrunner.app.registry.AdapterHosts;
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
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *       adapter unchanged (request → initialize → run), polls its status with backoff until a final
 *       state or the deadline (its results when it serves no status), fetches the result and writes
 *       it unchanged to {@code output/data.json}, where the pipeline validates and stores it like a
 *       container's; the adapter's run is always removed. Each step and state change is a line in
 *       {@code log/container.log};
 *   <li>outcomes: {@code SUCCEEDED}; the model's {@code ERROR} (also an HTTP 200 in {@code ERROR}
 *       for a run the adapter does not know) or the adapter's refusal (an HTTP 4xx but 404, e.g. a
 *       configuration its own schema refuses) is {@code MODEL_ERROR} with what the adapter said,
 *       bounded; an unreachable adapter, an answer that is not adapter JSON, an HTTP 5xx (with an
 *       excerpt of its body) or a run the adapter forgot (404) is {@code PLATFORM_ERROR}; the
 *       deadline is {@code TIMED_OUT}; a cancel removes the adapter's run at once and is {@code
 *       CANCELLED}.
 * </ul>
 *
 * The execution id is {@code <adapter uri>#<model_run_id>}. An execution that a runner process left
 * behind (a crash) is {@linkplain #reattach reattached} through the record {@value #RUN_RECORD} in
 * its workspace. Thread-safe.
 */
public final class AdapterEngine implements ModelEngine {
  /** What {@link #name()} answers and {@link ModelIdentity#engine()} says. */
  public static final String NAME = "adapter";

  /** The image prefix of adapter-backed models: {@code adapter:<name>}. */
  public static final String IMAGE_PREFIX = "adapter:";

  /** The file in a run's workspace that names its adapter run, for {@link #reattach}. */
  public static final String RUN_RECORD = "adapter-run.json";

  private static final Logger LOG = LoggerFactory.getLogger(AdapterEngine.class);

  /** The adapters' default lifecycle base path, appended to a registry {@code uri}. */
  public static final String DEFAULT_BASE_PATH = "/model";

  private final ModelRegistry registry;
  private final HttpClient http;
  private final AdapterClient.Options options;
  private final String basePath;
  private final AdapterHosts hosts;
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
    this(registry, http, options, basePath, AdapterHosts.of(Set.of()));
  }

  /**
   * @param hosts which adapter hosts may be called ({@code registry.allowed-adapter-hosts} and the
   *     always-refused ones), checked again, resolving names afresh, when an adapter is picked and
   *     before it is first called: a name that now resolves to a refused address is a platform
   *     error
   */
  public AdapterEngine(
      ModelRegistry registry,
      HttpClient http,
      AdapterClient.Options options,
      String basePath,
      AdapterHosts hosts) {
    this.hosts = Objects.requireNonNull(hosts, "hosts");
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
      requireAllowedHost(entry.registration().uri());
      return new ModelIdentity(
          NAME,
          IMAGE_PREFIX + name,
          entry.registration().uri(),
          null,
          entry.registration().version());
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
        + entries.stream()
            .map(e -> e.registration().uri() + " " + registry.whyNotUsed(e).orElse("is usable"))
            .collect(Collectors.joining(", "))
        + ")";
  }

  /**
   * Reads the run's configuration, creates a run on the adapter pinned by {@code identity} (the
   * {@code request} call, so that the execution has its id) and drives the rest on the execution's
   * own thread. The adapter's run id is also written to {@value #RUN_RECORD} in the workspace, for
   * {@link #reattach}.
   *
   * <p>When the adapter cannot create the run, the execution returned has already ended: {@code
   * MODEL_ERROR} when the adapter refused (answered {@code ERROR}), {@code PLATFORM_ERROR} when it
   * cannot be reached or answers an HTTP 5xx.
   *
   * @throws EngineException when the configuration cannot be read, or the registered uri cannot be
   *     called
   */
  @Override
  public ModelExecution start(ExecutionRequest request, ModelIdentity identity) {
    JsonNode configuration = configuration(request, identity);
    URI base = base(identity);
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
    Instant startedAt = Instant.now();
    ModelRunInfo requested;
    try {
      requested = client.request();
      log.line("request -> " + requested.state() + ", model run " + requested.modelRunId());
    } catch (AdapterClientException e) {
      log.line("request failed: " + e.getMessage());
      return AdapterExecution.failed(identity.id(), e, log);
    } catch (RuntimeException e) {
      log.line("request failed: " + e);
      log.close();
      throw new EngineException("cannot ask adapter " + base + " for a run: " + e, e);
    } catch (InterruptedException e) {
      log.close();
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while asking adapter " + base + " for a run", e);
    }
    writeRecord(request, new RunRecord(identity.id(), requested.modelRunId(), startedAt));
    return launch(request, identity, client, requested, configuration, Duration.ZERO, log);
  }

  /**
   * Supervises again the adapter run that a previous runner process started for {@code
   * request.runId()} (found through {@value #RUN_RECORD} in the workspace): it continues from the
   * state the adapter reports, its deadline counting from when the run was created.
   *
   * @return empty when the workspace has no record of an adapter run, or the adapter no longer
   *     knows the run (it answers 404: removed, evicted, or the adapter restarted)
   * @throws EngineException when the adapter cannot be asked
   */
  @Override
  public Optional<ModelExecution> reattach(ExecutionRequest request, ModelIdentity identity) {
    Optional<RunRecord> found = readRecord(request);
    if (found.isEmpty() || !found.get().adapterUri().equals(identity.id())) {
      return Optional.empty();
    }
    RunRecord record = found.get();
    JsonNode configuration = configuration(request, identity);
    URI base = base(identity);
    AdapterClient client = new AdapterClient(base, http, options);
    ModelRunInfo status;
    try {
      status = client.status(record.modelRunId());
    } catch (AdapterClientException.Refused e) {
      if (e.httpStatus() == 404) {
        return Optional.empty();
      }
      throw new EngineException("adapter " + base + " cannot be asked: " + e.getMessage(), e);
    } catch (AdapterClientException | RuntimeException e) {
      throw new EngineException("adapter " + base + " cannot be asked: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while asking adapter " + base, e);
    }
    ExecutionLog log = ExecutionLog.open(request.workspace(), request.limits().logCapBytes());
    log.line(
        "reattached to model run "
            + record.modelRunId()
            + " at "
            + base
            + " (created "
            + record.startedAt()
            + "): status -> "
            + status.state());
    Duration elapsed = Duration.between(record.startedAt(), Instant.now());
    return Optional.of(
        launch(
            request,
            identity,
            client,
            status,
            configuration,
            elapsed.isNegative() ? Duration.ZERO : elapsed,
            log));
  }

  private ModelExecution launch(
      ExecutionRequest request,
      ModelIdentity identity,
      AdapterClient client,
      ModelRunInfo current,
      JsonNode configuration,
      Duration elapsed,
      ExecutionLog log) {
    AdapterExecution execution =
        new AdapterExecution(
            client,
            identity.id(),
            current,
            configuration,
            request.workspace(),
            request.limits().deadline(),
            elapsed,
            options,
            mapper,
            log,
            running::remove);
    running.add(execution);
    execution.start(deadlines);
    return execution;
  }

  private JsonNode configuration(ExecutionRequest request, ModelIdentity identity) {
    if (!NAME.equals(identity.engine())) {
      throw new EngineException(
          "the adapter engine cannot run a model prepared by the " + identity.engine() + " engine");
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
    return configuration;
  }

  /**
   * Refuses an adapter whose host {@link AdapterHosts} refuses now — for instance a name that
   * resolved to an allowed address at registration and to a link-local one today.
   */
  private void requireAllowedHost(String adapterUri) {
    java.util.Optional<String> refused = hosts.refusal(adapterUri);
    if (refused.isPresent()) {
      throw new EngineException(
          "adapter uri "
              + adapterUri
              + " in the registry is refused: "
              + refused.get()
              + " (see registry.allowed-adapter-hosts)");
    }
  }

  private URI base(ModelIdentity identity) {
    requireAllowedHost(identity.id());
    URI base;
    try {
      base = URI.create(identity.id() + basePath);
    } catch (IllegalArgumentException e) {
      throw new EngineException(
          "adapter uri " + identity.id() + " in the registry is not a URL: " + e.getMessage(), e);
    }
    if (base.getHost() == null) {
      throw new EngineException(
          "adapter uri "
              + identity.id()
              + " in the registry has no host name the HTTP client accepts (a host name may not"
              + " contain an underscore); register the adapter with EXTERNAL_URL set to one");
    }
    return base;
  }

  /** Which adapter run a workspace's execution is: what {@link #reattach} needs. */
  record RunRecord(
      @JsonProperty("adapter_uri") String adapterUri,
      @JsonProperty("model_run_id") String modelRunId,
      @JsonProperty("started_at") Instant startedAt) {}

  private void writeRecord(ExecutionRequest request, RunRecord record) {
    Path file = request.workspace().root().resolve(RUN_RECORD);
    Path temporary = request.workspace().root().resolve(RUN_RECORD + ".tmp");
    try {
      Files.write(temporary, mapper.writeValueAsBytes(record));
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "run {}: cannot record adapter run {} in {} (it cannot be reattached after a restart):"
              + " {}",
          request.runId(),
          record.modelRunId(),
          file,
          e.toString());
    }
  }

  private Optional<RunRecord> readRecord(ExecutionRequest request) {
    Path file = request.workspace().root().resolve(RUN_RECORD);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(mapper.readValue(file.toFile(), RunRecord.class));
    } catch (IOException | RuntimeException e) {
      LOG.warn("run {}: unreadable {}: {}", request.runId(), file, e.toString());
      return Optional.empty();
    }
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
