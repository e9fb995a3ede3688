package io.modelrunner.app.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.adapter.AdapterClient;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.app.Version;
import io.modelrunner.app.adapter.AdapterEngine;
import io.modelrunner.app.adapter.RoutingEngine;
import io.modelrunner.app.cli.StoreFactory;
import io.modelrunner.app.cli.UserErrorException;
import io.modelrunner.app.config.ConfigException;
import io.modelrunner.app.config.ServiceConfig;
import io.modelrunner.app.db.Database;
import io.modelrunner.app.db.DatabaseConfig;
import io.modelrunner.app.db.EmbeddedUpgrade;
import io.modelrunner.app.http.AuthFilter;
import io.modelrunner.app.http.BearerTokens;
import io.modelrunner.app.http.HttpHost;
import io.modelrunner.app.http.JsonBodies;
import io.modelrunner.app.http.JsonResponses;
import io.modelrunner.app.http.ProblemMapper;
import io.modelrunner.app.registry.AdapterHosts;
import io.modelrunner.app.registry.ModelRegistry;
import io.modelrunner.app.registry.RegistryResource;
import io.modelrunner.app.registry.RegistryStore;
import io.modelrunner.app.service.CallbackOutbox;
import io.modelrunner.app.service.NodeStore;
import io.modelrunner.app.service.OutboxStore;
import io.modelrunner.app.service.RunQueue;
import io.modelrunner.app.service.RunService;
import io.modelrunner.app.service.RunSettings;
import io.modelrunner.app.service.RunStore;
import io.modelrunner.app.service.SystemTicker;
import io.modelrunner.app.web.OperationsResource;
import io.modelrunner.app.web.RunsResource;
import io.modelrunner.app.web.SchemasResource;
import io.modelrunner.core.callback.CallbackClient;
import io.modelrunner.core.callback.CallbackSettings;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.engine.FallbackEngine;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.docker.DockerEngine;
import io.modelrunner.core.engine.docker.DockerEngineConfig;
import io.modelrunner.core.engine.process.ProcessEngine;
import io.modelrunner.core.pipeline.PipelineSettings;
import io.modelrunner.core.pipeline.RunPipeline;
import io.modelrunner.core.store.ResultStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.glassfish.jersey.server.ResourceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code model-runner serve}: the database, the engines, the result store, the run service, the
 * model registry and the HTTP API, wired together and started; {@link #close()} shuts them down
 * gracefully. Everything it opens is closed in reverse order.
 */
public final class RunnerServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunnerServer.class);

  private final ServiceConfig config;
  private final String nodeId;
  private final String apiToken;
  private final Database database;
  private final ModelEngine engine;
  private final ProcessEngine processes;
  private final ResultStore store;
  private final RunService runs;
  private final HttpHost http;
  private boolean closed;

  private RunnerServer(
      ServiceConfig config,
      String nodeId,
      String apiToken,
      Database database,
      ModelEngine engine,
      ProcessEngine processes,
      ResultStore store,
      RunService runs,
      HttpHost http) {
    this.config = config;
    this.nodeId = nodeId;
    this.apiToken = apiToken;
    this.database = database;
    this.engine = engine;
    this.processes = processes;
    this.store = store;
    this.runs = runs;
    this.http = http;
  }

  /**
   * Starts the service. Fails fast, with a message naming the key to fix, when the configuration,
   * the database, the engine or the store cannot be used.
   *
   * @throws ConfigException on a bad configuration or an unusable dependency
   */
  public static RunnerServer start(ServiceConfig config, Map<String, String> environment) {
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      return start(config, environment, opened);
    } catch (RuntimeException e) {
      for (int i = opened.size() - 1; i >= 0; i--) {
        try {
          opened.get(i).close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static RunnerServer start(
      ServiceConfig config, Map<String, String> environment, List<AutoCloseable> opened) {
    Secrets.prepareDataDir(config.dataDir());
    String nodeId = Secrets.nodeId(config.nodeId(), config.dataDir());
    String apiToken = Secrets.apiToken(config.apiToken(), config.dataDir());
    LOG.info("model-runner {} node {} starting: {}", Version.current(), nodeId, config.describe());
    if (config.allowedImagePrefixes().isEmpty()) {
      LOG.warn(
          "images.allowed-prefixes is empty: any image a run request names may run (sandboxed);"
              + " set it to the registries and prefixes of your models");
    }
    ObjectMapper mapper = JsonMappers.standard();
    Clock clock = Clock.systemUTC();

    if (config.databaseUrl().isEmpty()) {
      EmbeddedUpgrade.runIfNeeded(config.dataDir());
    }
    DatabaseConfig dbConfig =
        config.databaseUrl().isEmpty()
            ? DatabaseConfig.embedded(config.dataDir())
            : new DatabaseConfig(
                config.databaseUrl(),
                config.databaseUser(),
                config.databasePassword(),
                config.databasePoolSize());
    Database database =
        Database.open(dbConfig).withOutageTolerance(config.databaseOutageTolerance());
    opened.add(database);

    ModelsCatalog catalog;
    try {
      catalog =
          config.modelsCatalog() == null
              ? ModelsCatalog.empty()
              : ModelsCatalog.load(config.modelsCatalog());
    } catch (RuntimeException e) {
      throw new ConfigException(List.of("models.catalog: " + e.getMessage()));
    }

    SchemaValidator validator = new SchemaValidator(mapper);
    JsonSchema outputSchema;
    try {
      outputSchema = validator.resolve(config.outputSchema());
    } catch (RuntimeException e) {
      throw new ConfigException(List.of("output.schema: " + e.getMessage()));
    }

    ResultStore store;
    try {
      store = new StoreFactory(environment).open(config.store(), config.storeOptions());
    } catch (UserErrorException e) {
      throw new ConfigException(List.of("store: " + e.getMessage()));
    }
    opened.add(store);

    ModelRegistry registry =
        new ModelRegistry(new RegistryStore(database), clock, config.registryTtl());
    DockerEngine docker = docker(config, environment, nodeId);
    if (docker != null) {
      opened.add(docker);
    }
    ProcessEngine processes = new ProcessEngine();
    ModelEngine base =
        docker == null
            ? processes
            : config.engine().equals("docker")
                ? docker
                : new FallbackEngine(docker, processes, notice -> LOG.info(notice));
    ModelEngine engine =
        new RoutingEngine(
            new AdapterEngine(
                registry,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
                AdapterClient.Options.defaults(),
                config.adapterBasePath(),
                AdapterHosts.of(config.allowedAdapterHosts())),
            base);
    opened.add(engine);

    String signingKey =
        config.callbackSigningKey().isEmpty()
            ? config.callbackSecret()
            : config.callbackSigningKey();
    CallbackSettings callbackSettings =
        new CallbackSettings(
                config.callbackTimeout(),
                config.callbackAttempts(),
                CallbackSettings.DEFAULT_INITIAL_BACKOFF,
                CallbackSettings.DEFAULT_MAX_BACKOFF,
                config.callbackSecret())
            .withSigningKey(signingKey.isEmpty() ? null : signingKey)
            .withAllowedHosts(
                config.anyCallbackHost() ? java.util.Set.of() : config.callbackAllowedHosts());
    CallbackClient callbacks = new CallbackClient(callbackSettings);
    opened.add(callbacks);
    ServiceMetrics metrics = new ServiceMetrics();
    OutboxStore outboxStore = new OutboxStore(database);
    CallbackOutbox outbox =
        new CallbackOutbox(
            outboxStore,
            callbacks,
            new CallbackOutbox.Settings(
                nodeId,
                config.callbackRetryPeriod(),
                CallbackSettings.DEFAULT_INITIAL_BACKOFF,
                config.callbackMaxBackoff(),
                config.callbackDeliveryThreads(),
                Duration.ofSeconds(1),
                config.callbackTimeout()),
            clock,
            metrics::callbackFailed);
    opened.add(outbox);

    PipelineSettings pipelineSettings =
        PipelineSettings.defaults(config.workDir(), validator, Version.current())
            .withOutputSchema(outputSchema)
            .withKeepOnFailure(config.keepOnFailure())
            .withReuseStoredResults(config.reuseStoredResults());
    RunPipeline pipeline = new RunPipeline(engine, store, callbacks, pipelineSettings);

    RunService.Recovery recovery =
        live -> {
          List<String> reaped = new ArrayList<>();
          processes
              .reapOrphans(config.workDir(), live)
              .forEach(g -> reaped.add("process group " + g.processGroup() + " of " + g.runId()));
          if (docker != null) {
            docker.reapOrphans(nodeId, live).forEach(c -> reaped.add(c.id()));
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
            validator.schema(SchemaName.RUNNER),
            new RunSettings(
                nodeId,
                config.maxConcurrentRuns(),
                config.queueLimit(),
                config.deadlines(),
                config.watchdogInterval(),
                config.allowedImagePrefixes(),
                config.anyCallbackHost() ? java.util.Set.of("*") : config.callbackAllowedHosts(),
                Version.current(),
                config.nodeLabels(),
                config.host() + ":" + config.port(),
                config.poolHeartbeat(),
                config.poolHeartbeat().multipliedBy(config.poolMissedHeartbeats()),
                config.runRetention(),
                config.callbackAttempts(),
                config.workDir()),
            clock,
            metrics,
            recovery,
            new NodeStore(database),
            onPicked ->
                new RunQueue(
                    database.dataSource(),
                    nodeId,
                    config.nodeLabels(),
                    config.maxConcurrentRuns(),
                    config.poolPollingInterval(),
                    config.poolHeartbeat(),
                    config.poolMissedHeartbeats(),
                    Duration.ofSeconds(2), // the service waits shutdown.grace itself
                    config.poolHeartbeat().multipliedBy(config.poolMissedHeartbeats()),
                    onPicked),
            new SystemTicker());
    opened.add(runs);
    metrics.watch(runs, () -> registry.list().size());

    JsonResponses responses = new JsonResponses(mapper);
    JsonBodies bodies = new JsonBodies(mapper, config.maxBodyBytes());
    ProblemMapper problems = new ProblemMapper(mapper);
    Map<String, BooleanSupplier> readiness = new LinkedHashMap<>();
    readiness.put("database", database::isReachable);
    readiness.put("accepting", runs::accepting);
    if (docker != null) {
      readiness.put("docker", docker::ping);
    }
    Map<String, JsonSchema> schemas =
        Map.of(
            "runner", validator.schema(SchemaName.RUNNER),
            "input", validator.schema(SchemaName.INPUT),
            "output", outputSchema);
    ResourceConfig application =
        new ResourceConfig()
            .registerInstances(
                new AuthFilter(
                    new BearerTokens(apiToken),
                    config.registryToken().isEmpty()
                        ? null
                        : new BearerTokens(config.registryToken()),
                    config.registryTrustedNetworks(),
                    problems),
                problems,
                new RunsResource(
                    runs, store, config.workDir(), config.logTailMaxLines(), bodies, responses),
                new SchemasResource(schemas, responses),
                new io.modelrunner.app.web.NodesResource(
                    runs.queries(),
                    config.poolHeartbeat().multipliedBy(config.poolMissedHeartbeats()),
                    responses),
                new OperationsResource(readiness, metrics.registry(), responses, Version.current()),
                new RegistryResource(
                    registry,
                    bodies,
                    responses,
                    validator,
                    AdapterHosts.of(config.allowedAdapterHosts())));

    runs.start();
    HttpHost http;
    try {
      http =
          HttpHost.start(
              config.host(), config.port(), config.httpThreads(), config.httpLimits(), application);
    } catch (java.io.UncheckedIOException e) {
      throw new ConfigException(List.of("server.port: " + e.getMessage()));
    }
    LOG.info(
        "model-runner serving on http://{}:{} (runs API token: {})",
        config.host(),
        http.port(),
        config.apiToken().isEmpty() ? "in " + config.dataDir().resolve("api-token") : "configured");
    return new RunnerServer(
        config, nodeId, apiToken, database, engine, processes, store, runs, http);
  }

  private static DockerEngine docker(
      ServiceConfig config, Map<String, String> environment, String nodeId) {
    if (config.engine().equals("process")) {
      return null;
    }
    DockerEngine docker = new DockerEngine(DockerEngineConfig.fromEnvironment(nodeId, environment));
    if (docker.ping()) {
      return docker;
    }
    docker.close();
    if (config.engine().equals("docker")) {
      throw new ConfigException(
          List.of(
              "engine=docker: no Docker engine answers at "
                  + docker.config().dockerHost()
                  + " (set DOCKER_HOST, or engine=auto|process)"));
    }
    LOG.warn("engine=auto: no Docker engine answers; models run as local processes");
    return null;
  }

  public int port() {
    return http.port();
  }

  /** {@code http://<host>:<port>}. */
  public URI baseUri() {
    String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
    return URI.create("http://" + host + ":" + port());
  }

  public String nodeId() {
    return nodeId;
  }

  /** The runs API's bearer token (configured or generated). */
  public String apiToken() {
    return apiToken;
  }

  public ServiceConfig config() {
    return config;
  }

  public RunService runs() {
    return runs;
  }

  /**
   * Graceful shutdown: stops accepting runs, lets running ones finish for {@code shutdown.grace},
   * stops serving, and closes everything — except, when runs are still going after the grace, the
   * engine (closing it would kill their containers; the next start reattaches to them). Models
   * running as local processes are killed then: they cannot be reattached.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    int left = runs.shutdown(config.shutdownGrace());
    http.close();
    if (left == 0) {
      engine.close();
    } else {
      processes.close();
    }
    store.close();
    if (left == 0) {
      database.close();
    }
    LOG.info("model-runner node {} stopped", nodeId);
  }
}
