package io.modelrunner.app.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.adapter.client.AdapterClient;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.app.Version;
import io.modelrunner.app.adapter.AdapterEngine;
import io.modelrunner.app.adapter.RoutingEngine;
import io.modelrunner.app.config.ConfigException;
import io.modelrunner.app.config.ServiceConfig;
import io.modelrunner.app.db.Database;
import io.modelrunner.app.db.EmbeddedUpgrade;
import io.modelrunner.app.engine.EngineChoice;
import io.modelrunner.app.engine.EngineFactory;
import io.modelrunner.app.engine.EngineUnavailableException;
import io.modelrunner.app.engine.Engines;
import io.modelrunner.app.engine.SlurmSettings;
import io.modelrunner.app.metrics.ServiceMetrics;
import io.modelrunner.app.registry.AdapterHosts;
import io.modelrunner.app.registry.Liveness;
import io.modelrunner.app.registry.ModelRegistry;
import io.modelrunner.app.registry.RegistryStore;
import io.modelrunner.app.service.CallbackOutbox;
import io.modelrunner.app.service.NodeStore;
import io.modelrunner.app.service.OutboxStore;
import io.modelrunner.app.service.RunQueue;
import io.modelrunner.app.service.RunService;
import io.modelrunner.app.service.RunSettings;
import io.modelrunner.app.service.RunStore;
import io.modelrunner.app.service.SystemTicker;
import io.modelrunner.core.callback.CallbackClient;
import io.modelrunner.core.callback.CallbackSettings;
import io.modelrunner.core.catalog.CatalogSchemas;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.docker.DockerCredentialsException;
import io.modelrunner.core.engine.docker.RegistryCredentials;
import io.modelrunner.core.pipeline.PipelineSettings;
import io.modelrunner.core.pipeline.RequestRunner;
import io.modelrunner.core.pipeline.RunPipeline;
import io.modelrunner.core.store.ResultStore;
import io.modelrunner.core.store.StoreException;
import io.modelrunner.core.store.spi.ResultStores;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the application is wired, for {@code model-runner run} ({@link #run}) and {@code
 * model-runner serve} ({@link #serve}): the engine and the result store are chosen here, and every
 * part with a lifecycle is added to a {@link Lifecycle} in the order it starts.
 */
public final class Application {
  private static final Logger LOG = LoggerFactory.getLogger(Application.class);

  private final Map<String, String> environment;

  /**
   * @param environment the process environment: Docker and store settings, store credentials
   */
  public Application(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** What {@code model-runner run} needs to run one request. */
  public record LocalRunConfig(
      EngineChoice engine,
      SlurmSettings slurm,
      String ownerId,
      String store,
      Map<String, String> storeOptions,
      CallbackSettings callbacks,
      PipelineSettings pipeline,
      ModelsCatalog catalog,
      int parallelism,
      RegistryCredentials registries) {}

  /** A request runner and a description of the store its results go to. */
  public record LocalRun(RequestRunner runner, String storeDescription) {}

  /**
   * {@code model-runner run}: the store, the engine and the callback client, added to {@code
   * lifecycle}, and a request runner on them. Which engine runs, and each fallback to a local
   * process, is told to {@code messages}.
   *
   * @throws StoreUnavailableException when the store cannot be opened (a bad URI, option or folder)
   * @throws EngineUnavailableException when the engine asked for cannot be used
   */
  public LocalRun run(LocalRunConfig config, Lifecycle lifecycle, Consumer<String> messages) {
    ResultStore store = openStore(lifecycle, config.store(), config.storeOptions());
    Engines engines =
        lifecycle.adopt(
            "engines",
            chooseEngines(
                config.engine(),
                config.slurm(),
                config.registries(),
                config.ownerId(),
                notice -> messages.accept("engine: " + notice)));
    messages.accept("engine: " + engines.description());
    CallbackClient callbacks =
        lifecycle.adopt("callback client", new CallbackClient(config.callbacks()));
    RunPipeline pipeline = new RunPipeline(engines.engine(), store, callbacks, config.pipeline());
    lifecycle.start();
    return new LocalRun(
        new RequestRunner(pipeline, config.catalog(), config.parallelism()), store.describe());
  }

  /**
   * {@code model-runner serve}: the database, the result store, the engines, the callback client
   * and outbox, the run service and the HTTP API, started in that order (the model registry on the
   * database); stopped in reverse, the run service's drain first. Fails fast, with a message naming
   * the key to fix, when the configuration, the database, the engine or the store cannot be used;
   * what was started by then is stopped.
   *
   * @throws ConfigException on a bad configuration or an unusable dependency
   */
  public RunnerServer serve(ServiceConfig config) {
    Lifecycle lifecycle = new Lifecycle();
    try {
      return serve(config, lifecycle);
    } catch (RuntimeException e) {
      lifecycle.abort(e);
      throw e;
    }
  }

  private RunnerServer serve(ServiceConfig config, Lifecycle lifecycle) {
    Secrets.prepareDataDir(config.dataDir());
    String nodeId = Secrets.nodeId(config.pool().nodeId(), config.dataDir());
    String apiToken = Secrets.apiToken(config.apiToken(), config.dataDir());
    LOG.info("model-runner {} node {} starting: {}", Version.current(), nodeId, config.describe());
    if (config.engine().allowedImagePrefixes().isEmpty()) {
      LOG.warn(
          "images.allowed-prefixes is empty: any image a run request names may run (sandboxed);"
              + " set it to the registries and prefixes of your models");
    }
    ObjectMapper mapper = JsonMappers.standard();
    Clock clock = Clock.systemUTC();

    if (config.database().embedded()) {
      EmbeddedUpgrade.runIfNeeded(config.dataDir());
    }
    RunsLeft runsLeft = new RunsLeft();
    Database database =
        Database.open(config.database().connection(config.dataDir()))
            .withOutageTolerance(config.database().outageTolerance());
    lifecycle.adopt("database", () -> runsLeft.closeUnlessAny(database::close));

    SchemaValidator validator = new SchemaValidator(mapper);
    JsonSchema outputSchema;
    CatalogSchemas catalogSchemas;
    try {
      outputSchema = validator.resolve(config.engine().outputSchema());
      catalogSchemas =
          CatalogSchemas.builtIn(validator).withDefaultOutput(config.engine().outputSchema());
    } catch (RuntimeException e) {
      throw new ConfigException(List.of("output.schema: " + e.getMessage()));
    }
    ModelsCatalog catalog;
    try {
      catalog =
          config.engine().modelsCatalog() == null
              ? ModelsCatalog.empty(catalogSchemas)
              : ModelsCatalog.load(
                  config.engine().modelsCatalog(), ExecutionLimits.defaults(), catalogSchemas);
    } catch (RuntimeException e) {
      throw new ConfigException(List.of("models.catalog: " + e.getMessage()));
    }

    ResultStore store;
    try {
      store = openStore(lifecycle, config.store().uri(), config.store().options());
    } catch (StoreUnavailableException e) {
      throw new ConfigException(List.of("store: " + e.getMessage()));
    }

    ModelRegistry registry =
        new ModelRegistry(
            new RegistryStore(database),
            clock,
            new Liveness(config.registry().ttl(), config.registry().liveOnly()));
    Engines engines;
    try {
      engines =
          chooseEngines(
              config.engine().engine(),
              config.engine().slurm(),
              pullCredentials(config),
              nodeId,
              notice -> LOG.info(notice));
    } catch (EngineUnavailableException e) {
      throw new ConfigException(
          List.of(
              config.engine().engine() == EngineChoice.slurm
                  ? "engine=slurm: " + e.getMessage()
                  : "engine=docker: "
                      + e.getMessage()
                      + " (set DOCKER_HOST, or engine=auto|process)"));
    }
    if (engines.fellBack()) {
      LOG.warn("engine: {}; models run as local processes", engines.description());
    } else {
      LOG.info("engine: {}", engines.description());
    }
    ModelEngine engine =
        new RoutingEngine(
            new AdapterEngine(
                registry,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
                AdapterClient.Options.defaults(),
                config.engine().adapterBasePath(),
                AdapterHosts.of(config.engine().allowedAdapterHosts())),
            engines.engine());
    // Models running as local processes are killed when the service stops: they cannot be
    // reattached. Containers of runs left going stay, for the next start to reattach to them.
    lifecycle.adopt(
        "engines",
        () -> {
          try {
            runsLeft.closeUnlessAny(engine::close);
          } finally {
            engines.processes().close();
          }
        });

    String signingKey = config.callbacks().effectiveSigningKey();
    CallbackSettings callbackSettings =
        new CallbackSettings(
                config.callbacks().timeout(),
                config.callbacks().attempts(),
                CallbackSettings.DEFAULT_INITIAL_BACKOFF,
                CallbackSettings.DEFAULT_MAX_BACKOFF,
                config.callbacks().secret())
            .withSigningKey(signingKey.isEmpty() ? null : signingKey)
            .withAllowedHosts(
                config.callbacks().anyHost() ? Set.of() : config.callbacks().allowedHosts());
    CallbackClient callbacks =
        lifecycle.adopt("callback client", new CallbackClient(callbackSettings));
    ServiceMetrics metrics = new ServiceMetrics();
    OutboxStore outboxStore = new OutboxStore(database);
    CallbackOutbox outbox =
        lifecycle.adopt(
            "callback outbox",
            new CallbackOutbox(
                outboxStore,
                callbacks,
                new CallbackOutbox.Settings(
                    nodeId,
                    config.callbacks().retryPeriod(),
                    CallbackSettings.DEFAULT_INITIAL_BACKOFF,
                    config.callbacks().maxBackoff(),
                    config.callbacks().deliveryThreads(),
                    Duration.ofSeconds(1),
                    config.callbacks().timeout()),
                clock,
                metrics::callbackFailed));

    PipelineSettings pipelineSettings =
        PipelineSettings.defaults(config.runs().workDir(), validator, Version.current())
            .withOutputSchema(outputSchema)
            .withKeepOnFailure(config.runs().keepOnFailure())
            .withReuseStoredResults(config.runs().reuseStoredResults())
            .withExportThreads(config.runs().exportThreads());
    RunPipeline pipeline = new RunPipeline(engine, store, callbacks, pipelineSettings);

    RunService.Recovery recovery =
        live -> {
          List<String> reaped = new ArrayList<>();
          engines
              .processes()
              .reapOrphans(config.runs().workDir(), live)
              .forEach(g -> reaped.add("process group " + g.processGroup() + " of " + g.runId()));
          if (engines.docker() != null) {
            engines.docker().reapOrphans(nodeId, live).forEach(c -> reaped.add(c.id()));
          }
          if (engines.slurm() != null) {
            reaped.addAll(engines.slurm().reapOrphans(live));
          }
          return reaped;
        };
    RunService runs =
        new RunService(
            new RunStore(database),
            outboxStore,
            outbox,
            pipeline,
            catalog,
            validator.schema(SchemaName.REQUEST),
            new RunSettings(
                nodeId,
                config.runs().maxConcurrent(),
                config.runs().queueLimit(),
                config.runs().deadlines(),
                config.runs().watchdogInterval(),
                config.engine().allowedImagePrefixes(),
                config.callbacks().anyHost() ? Set.of("*") : config.callbacks().allowedHosts(),
                Version.current(),
                config.pool().nodeLabels(),
                config.server().host() + ":" + config.server().port(),
                config.pool().heartbeat(),
                config.pool().lease(),
                config.runs().retention(),
                config.callbacks().attempts(),
                config.runs().workDir()),
            clock,
            metrics,
            recovery,
            new NodeStore(database),
            onPicked ->
                new RunQueue(
                    database.dataSource(),
                    nodeId,
                    config.pool().nodeLabels(),
                    config.runs().maxConcurrent(),
                    config.pool().pollingInterval(),
                    config.pool().heartbeat(),
                    config.pool().missedHeartbeats(),
                    Duration.ofSeconds(2), // the service waits shutdown.grace itself
                    config.pool().lease(),
                    onPicked),
            new SystemTicker());
    metrics.watch(runs, () -> registry.list().size());
    RunDrain drain = new RunDrain(runs, config.runs().shutdownGrace(), runsLeft);
    lifecycle.add(
        "run service",
        Managed.of(
            runs::start,
            () -> {
              if (!drain.drained()) {
                runs.close();
              }
            }));

    Map<String, BooleanSupplier> readiness = new LinkedHashMap<>();
    readiness.put("database", database::isReachable);
    readiness.put("accepting", runs::accepting);
    if (engines.docker() != null) {
      readiness.put("docker", engines.docker()::ping);
    }
    if (engines.slurm() != null) {
      readiness.put("slurm", engines.slurm()::ping);
    }
    HttpServerPart http =
        new HttpServerPart(
            config.server(),
            new ApiResources(
                    config,
                    mapper,
                    validator,
                    outputSchema,
                    catalog,
                    apiToken,
                    runs,
                    store,
                    registry,
                    metrics,
                    readiness)
                .application());
    lifecycle.add("http server", http);
    lifecycle.add("run drain", drain);
    lifecycle.start();
    LOG.info(
        "model-runner serving on http://{}:{} (runs API token: {})",
        config.server().host(),
        http.port(),
        config.apiToken().isEmpty() ? "in " + config.dataDir().resolve("api-token") : "configured");
    return new RunnerServer(config, nodeId, apiToken, runs, http.port(), lifecycle);
  }

  /**
   * The one place the result store is opened: through the {@linkplain ResultStores store providers
   * on the classpath}, with credentials from the environment.
   */
  private ResultStore openStore(Lifecycle lifecycle, String uri, Map<String, String> options) {
    ResultStore store;
    try {
      store = ResultStores.installed().open(uri, options, environment);
    } catch (StoreException | IllegalArgumentException e) {
      throw new StoreUnavailableException(e.getMessage(), e);
    }
    return lifecycle.adopt("result store", store);
  }

  /** The one place the engines are chosen. */
  private Engines chooseEngines(
      EngineChoice choice,
      SlurmSettings slurm,
      RegistryCredentials registries,
      String ownerId,
      Consumer<String> notices) {
    return new EngineFactory(environment, slurm, registries, notices).create(choice, ownerId);
  }

  /** {@code serve}'s pull credentials; a {@code config.json} that is not valid stops it. */
  private RegistryCredentials pullCredentials(ServiceConfig config) {
    try {
      return config.engine().pullCredentials().credentials(environment);
    } catch (DockerCredentialsException e) {
      throw new ConfigException(List.of("images.docker-config: " + e.getMessage()));
    }
  }
}
