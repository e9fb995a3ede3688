package io.modelrunner.adapter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.modelrunner.adapter.internal.ConfigDecoder;
import io.modelrunner.adapter.internal.JsonResponses;
import io.modelrunner.adapter.internal.LifecycleHandler;
import io.modelrunner.adapter.internal.OperationsHandler;
import io.modelrunner.adapter.internal.RegistryEndpoint;
import io.modelrunner.adapter.internal.RegistryRegistrar;
import io.modelrunner.adapter.internal.RunCoordinator;
import io.modelrunner.adapter.internal.RunStateMachine;
import io.modelrunner.adapter.internal.ServiceStatus;
import io.modelrunner.adapter.internal.WorkRoot;
import io.modelrunner.api.adapter.Registration;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.SchemaValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running adapter service: the lifecycle endpoints under the base path (with {@code
 * config-schema}), {@code /health}, {@code /status}, {@code /ready} and {@code /openapi.yaml} at
 * the root, TTL eviction, and (when a registry is configured) self-registration. Start one with
 * {@link #start(ModelAdapter, AdapterConfig)}, or from a {@code main} with {@link
 * #start(ModelAdapter, String...)}; {@link #close()} stops it cleanly (deregisters, cancels runs).
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class AdapterServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdapterServer.class);
  private static final int HTTP_THREADS = 32;
  private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

  /** The longest wait between two attempts to reach a registry that answers unexpectedly. */
  private static final Duration MAX_REGISTRY_BACKOFF = Duration.ofMinutes(2);

  private final AdapterConfig config;
  private final HttpServer http;
  private final ExecutorService httpExecutor;
  private boolean closed;
  private final RunCoordinator<?> coordinator;
  private final ScheduledExecutorService evictor;
  private final RegistryRegistrar registrar;
  private final URI rootUri;
  private final String name;
  private final WorkRoot workRoot;

  private AdapterServer(
      AdapterConfig config,
      String name,
      HttpServer http,
      ExecutorService httpExecutor,
      RunCoordinator<?> coordinator,
      ScheduledExecutorService evictor,
      RegistryRegistrar registrar,
      URI rootUri,
      WorkRoot workRoot) {
    this.config = config;
    this.name = name;
    this.workRoot = workRoot;
    this.http = http;
    this.httpExecutor = httpExecutor;
    this.coordinator = coordinator;
    this.evictor = evictor;
    this.registrar = registrar;
    this.rootUri = rootUri;
  }

  /**
   * Starts {@code adapter} as configured by {@code args} and the environment (see {@link
   * AdapterConfig#fromArgs(String[], Map)}), and stops it cleanly when the JVM exits.
   *
   * @param adapter the model's adapter
   * @param args the command-line arguments
   * @return the running server
   * @throws IllegalArgumentException naming the option when an argument is malformed or unknown
   */
  public static AdapterServer start(ModelAdapter<?> adapter, String... args) {
    AdapterConfig config = AdapterConfig.fromArgs(args, System.getenv());
    AdapterServer server = start(adapter, config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "adapter-shutdown"));
    return server;
  }

  /**
   * Starts {@code adapter} with {@code config}: binds, serves, and registers in the background.
   *
   * @param adapter the model's adapter
   * @param config how to serve it
   * @param <C> the adapter's configuration type
   * @return the running server
   * @throws UncheckedIOException when the port cannot be bound or the work root cannot be created
   */
  public static <C> AdapterServer start(ModelAdapter<C> adapter, AdapterConfig config) {
    Objects.requireNonNull(adapter, "adapter");
    Objects.requireNonNull(config, "config");
    if (config.basePath().isEmpty()) {
      throw new IllegalArgumentException(
          "basePath must not be the root: /health, /status, /ready and /openapi.yaml live there");
    }
    String name = config.name() != null ? config.name() : adapter.name();
    WorkRoot workRoot = WorkRoot.of(config.workRoot());
    ObjectMapper mapper = JsonMappers.standard();
    JsonSchema schema =
        adapter.configSchema().map(uri -> new SchemaValidator(mapper).load(uri)).orElse(null);
    RunCoordinator<C> coordinator =
        new RunCoordinator<>(
            adapter,
            new ConfigDecoder<>(mapper, adapter.configType(), config.strictConfig(), schema),
            mapper,
            new RunCoordinator.Settings(
                config.workers(),
                config.capacity(),
                config.maxRuns(),
                config.runTtl(),
                config.resultsState(),
                config.removeGrace(),
                workRoot.path()),
            RunStateMachine.Listener.NONE,
            System::nanoTime);
    JsonResponses responses = new JsonResponses(mapper);

    enableTcpNoDelay();
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 128);
    } catch (IOException e) {
      coordinator.close();
      workRoot.close();
      throw new UncheckedIOException(
          "cannot bind " + config.host() + ":" + config.port() + " (is the port taken?)", e);
    }
    ExecutorService httpExecutor =
        Executors.newFixedThreadPool(HTTP_THREADS, daemon("adapter-http"));
    http.setExecutor(httpExecutor);
    http.createContext(
        config.basePath(),
        new LifecycleHandler(
            coordinator,
            responses,
            config.maxBodyBytes(),
            schema == null ? null : schema.document()));
    http.createContext(
        "/",
        new OperationsHandler(
            responses,
            () -> coordinator.busyWorkers() < coordinator.workers(),
            () -> {
              int used = coordinator.busyWorkers();
              return new ServiceStatus(
                  used >= coordinator.workers() ? "BUSY" : "READY",
                  name,
                  adapter.version(),
                  config.basePath(),
                  coordinator.workers(),
                  used);
            }));
    http.start();
    int port = http.getAddress().getPort();
    URI rootUri = URI.create("http://" + reachableHost(config.host()) + ":" + port);

    ScheduledExecutorService evictor =
        Executors.newSingleThreadScheduledExecutor(daemon("adapter-evictor"));
    long sweep = Math.max(10, Math.min(30_000, config.runTtl().toMillis() / 4));
    evictor.scheduleWithFixedDelay(
        () -> {
          try {
            coordinator.evictExpired();
          } catch (RuntimeException e) {
            LOG.error("eviction failed", e);
          }
        },
        sweep,
        sweep,
        TimeUnit.MILLISECONDS);

    RegistryRegistrar registrar = null;
    if (config.registryEndpoint() != null) {
      String uri =
          stripTrailingSlashes(
              (config.externalUrl() == null ? rootUri : config.externalUrl()).toString());
      registrar =
          new RegistryRegistrar(
              RegistryEndpoint.of(config.registryEndpoint()),
              () ->
                  Registration.ofAdapter(
                      name,
                      adapter.version(),
                      uri,
                      coordinator.workers(),
                      coordinator.busyWorkers(),
                      config.owner()),
              new RegistryRegistrar.Timing(
                  config.heartbeat(),
                  Duration.ofMillis(Math.min(1000, config.heartbeat().toMillis())),
                  MAX_REGISTRY_BACKOFF.compareTo(config.heartbeat()) > 0
                      ? MAX_REGISTRY_BACKOFF
                      : config.heartbeat()),
              mapper,
              LoggerFactory.getLogger(RegistryRegistrar.class));
      registrar.start();
    }
    LOG.info("adapter " + name + " serving at " + rootUri + config.basePath());
    return new AdapterServer(
        config, name, http, httpExecutor, coordinator, evictor, registrar, rootUri, workRoot);
  }

  /**
   * The bound port (useful with port 0).
   *
   * @return the port
   */
  public int port() {
    return http.getAddress().getPort();
  }

  /**
   * {@code http://host:port}, where {@code /health}, {@code /ready} and the OpenAPI live.
   *
   * @return the root URI
   */
  public URI rootUri() {
    return rootUri;
  }

  /**
   * {@code http://host:port/model}: the base URI a client of the lifecycle is given.
   *
   * @return the lifecycle's base URI
   */
  public URI baseUri() {
    return URI.create(rootUri + config.basePath());
  }

  /**
   * The name registered and shown by {@code /status}: the configuration's, else the adapter's.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The configuration the server was started with.
   *
   * @return the configuration
   */
  public AdapterConfig config() {
    return config;
  }

  /**
   * The registry's id for this adapter (a UUID with the deployed Model-Registry), or null while not
   * (yet) registered or when the registry gave none.
   *
   * @return the registry's id, or null
   */
  public String registryId() {
    return registrar == null ? null : registrar.registeredId();
  }

  /** Deregisters, cancels and cleans up every run, stops serving. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (registrar != null) {
      registrar.close();
    }
    evictor.shutdownNow();
    http.stop(0);
    coordinator.close();
    httpExecutor.shutdownNow();
    workRoot.close();
  }

  /**
   * The JDK HTTP server leaves Nagle's algorithm on unless this property is set before its first
   * use in the JVM; with it on, every small answer waits for the client's delayed ACK (about 40 ms
   * per call). Set only when the operator has not chosen otherwise.
   */
  private static void enableTcpNoDelay() {
    if (System.getProperty(NODELAY_PROPERTY) == null) {
      System.setProperty(NODELAY_PROPERTY, "true");
    }
  }

  private static String stripTrailingSlashes(String uri) {
    int end = uri.length();
    while (end > 0 && uri.charAt(end - 1) == '/') {
      end--;
    }
    return uri.substring(0, end);
  }

  private static String reachableHost(String host) {
    if (host.equals("0.0.0.0") || host.equals("::")) {
      try {
        return java.net.InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        return "localhost";
      }
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
