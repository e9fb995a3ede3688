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

/**
 * A running adapter service: the lifecycle endpoints under the base path (with {@code
 * config-schema}), {@code /health}, {@code /status}, {@code /ready} and {@code /openapi.yaml} at
 * the root, TTL eviction, and (when a registry is configured) self-registration. Start one with
 * {@link #start(ModelAdapter, AdapterConfig)}, or from a {@code main} with {@link
 * #start(ModelAdapter, String...)}; {@link #close()} stops it cleanly (deregisters, cancels runs).
 */
public final class AdapterServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(AdapterServer.class.getName());
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

  private AdapterServer(
      AdapterConfig config,
      HttpServer http,
      ExecutorService httpExecutor,
      RunCoordinator<?> coordinator,
      ScheduledExecutorService evictor,
      RegistryRegistrar registrar,
      URI rootUri) {
    this.config = config;
    this.http = http;
    this.httpExecutor = httpExecutor;
    this.coordinator = coordinator;
    this.evictor = evictor;
    this.registrar = registrar;
    this.rootUri = rootUri;
  }

  /**
   * Starts {@code adapter} as configured by {@code args} and the environment (see {@link
   * AdapterConfig#fromArgs(String[], Map, String)}), and stops it cleanly when the JVM exits.
   */
  public static AdapterServer start(ModelAdapter<?> adapter, String... args) {
    AdapterConfig config =
        AdapterConfig.fromArgs(args, System.getenv(), adapter.getClass().getSimpleName());
    AdapterServer server = start(adapter, config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "adapter-shutdown"));
    return server;
  }

  /**
   * Starts {@code adapter} with {@code config}: binds, serves, and registers in the background.
   *
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static <C> AdapterServer start(ModelAdapter<C> adapter, AdapterConfig config) {
    Objects.requireNonNull(adapter, "adapter");
    Objects.requireNonNull(config, "config");
    if (config.basePath().isEmpty()) {
      throw new IllegalArgumentException(
          "basePath must not be the root: /health, /status, /ready and /openapi.yaml live there");
    }
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
                config.removeGrace()),
            RunStateMachine.Listener.NONE,
            System::nanoTime);
    JsonResponses responses = new JsonResponses(mapper);

    enableTcpNoDelay();
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 128);
    } catch (IOException e) {
      coordinator.close();
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
                  config.name(),
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
            LOG.log(System.Logger.Level.ERROR, "eviction failed", e);
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
                      config.name(),
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
              System.getLogger(RegistryRegistrar.class.getName()));
      registrar.start();
    }
    LOG.log(
        System.Logger.Level.INFO,
        "adapter " + config.name() + " serving at " + rootUri + config.basePath());
    return new AdapterServer(config, http, httpExecutor, coordinator, evictor, registrar, rootUri);
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return http.getAddress().getPort();
  }

  /** {@code http://host:port}, where {@code /health}, {@code /ready} and the OpenAPI live. */
  public URI rootUri() {
    return rootUri;
  }

  /** {@code http://host:port/model}: the base URI a client of the lifecycle is given. */
  public URI baseUri() {
    return URI.create(rootUri + config.basePath());
  }

  public AdapterConfig config() {
    return config;
  }

  /**
   * The registry's id for this adapter (a UUID with the deployed Model-Registry), or null while not
   * (yet) registered or when the registry gave none.
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
