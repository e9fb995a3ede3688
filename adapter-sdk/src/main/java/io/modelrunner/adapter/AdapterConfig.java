package io.modelrunner.adapter;

import io.modelrunner.adapter.internal.RegistryEndpoint;
import io.modelrunner.api.adapter.ModelRunState;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How an adapter service is run. Build one with {@link #builder()}, or read it from command-line
 * arguments and environment variables with {@link #fromArgs(String[], Map)}. Immutable; {@link
 * #toBuilder()} makes a changed copy. Every option has a default, so adding an option never changes
 * how existing code builds a configuration.
 *
 * <p>The options (accessors of the same name):
 *
 * <ul>
 *   <li>{@code host}: the address to bind ({@code 0.0.0.0} by default)
 *   <li>{@code port}: the port to bind ({@code 8080}); 0 picks a free one
 *   <li>{@code basePath}: where the lifecycle endpoints live ({@code /model} by default)
 *   <li>{@code name}: the name registered with the model registry and shown by {@code /status}
 *       (what orchestrators look the adapter up by), or null (the default) for the adapter's {@link
 *       ModelAdapter#name()}
 *   <li>{@code owner}: the owner registered with the model registry ({@code model-runner})
 *   <li>{@code registryEndpoint}: the model registry: its base URL ({@code http://reg:9200}) or its
 *       collection URL ({@code http://reg:9200/registry/}, as the deployed adapters are
 *       configured); both register at {@code http://reg:9200/registry/}. Null (the default) not to
 *       register
 *   <li>{@code externalUrl}: the URL the adapter is reachable at, registered as {@code uri} (the
 *       root: the deployed orchestrator appends {@code /status} and {@code /model/...}), or null
 *       for the bound host and port
 *   <li>{@code workers}: how many runs execute at once ({@code 1}); {@code run} answers QUEUED when
 *       all are busy
 *   <li>{@code capacity}: how many runs may be admitted (ACCEPTED to RUNNING) at once ({@code 16});
 *       {@code request} answers PENDING beyond it
 *   <li>{@code maxRuns}: how many runs are tracked at most ({@code 1000}); {@code request} is
 *       refused beyond it
 *   <li>{@code runTtl}: a run nobody calls about for this long is evicted, as if removed ({@code
 *       PT24H})
 *   <li>{@code resultsState}: the state {@code /results} reports on success: SUCCEEDED (the
 *       default: the deployed Airflow orchestrator polls {@code /results} until it reads SUCCEEDED,
 *       with no timeout) or READY (the seed text's value; model-runner's engine accepts both)
 *   <li>{@code strictConfig}: whether {@code initialize} bodies with keys unknown to the config
 *       type are rejected (by default they are ignored)
 *   <li>{@code maxBodyBytes}: the largest accepted request body ({@code 1048576}); larger ones get
 *       HTTP 413
 *   <li>{@code heartbeat}: how often the registry entry is refreshed ({@code PT30S})
 *   <li>{@code removeGrace}: how long {@code remove} waits for an interrupted model to stop before
 *       cleanup ({@code PT10S})
 *   <li>{@code workRoot}: the directory under which each run gets its {@link RunContext#workDir()},
 *       or null (the default) for a temporary directory the server creates and deletes when it
 *       closes
 * </ul>
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class AdapterConfig {
  private final String host;
  private final int port;
  private final String basePath;
  private final String name;
  private final String owner;
  private final URI registryEndpoint;
  private final URI externalUrl;
  private final int workers;
  private final int capacity;
  private final int maxRuns;
  private final Duration runTtl;
  private final ModelRunState resultsState;
  private final boolean strictConfig;
  private final int maxBodyBytes;
  private final Duration heartbeat;
  private final Duration removeGrace;
  private final Path workRoot;

  private AdapterConfig(Builder b) {
    this.host = Objects.requireNonNull(b.host, "host");
    this.port = b.port;
    this.basePath = normalizeBasePath(b.basePath);
    this.name = b.name == null || b.name.isBlank() ? null : b.name;
    this.owner = Objects.requireNonNull(b.owner, "owner");
    this.registryEndpoint = b.registryEndpoint;
    this.externalUrl = b.externalUrl;
    this.workers = b.workers;
    this.capacity = b.capacity;
    this.maxRuns = b.maxRuns;
    this.runTtl = Objects.requireNonNull(b.runTtl, "runTtl");
    this.resultsState = b.resultsState;
    this.strictConfig = b.strictConfig;
    this.maxBodyBytes = b.maxBodyBytes;
    this.heartbeat = Objects.requireNonNull(b.heartbeat, "heartbeat");
    this.removeGrace = Objects.requireNonNull(b.removeGrace, "removeGrace");
    this.workRoot = b.workRoot;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    requirePositive("workers", workers);
    requirePositive("capacity", capacity);
    requirePositive("maxRuns", maxRuns);
    requirePositive("maxBodyBytes", maxBodyBytes);
    if (resultsState != ModelRunState.READY && resultsState != ModelRunState.SUCCEEDED) {
      throw new IllegalArgumentException(
          "resultsState must be READY or SUCCEEDED, got " + resultsState);
    }
    if (runTtl.isNegative() || runTtl.isZero() || heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("runTtl and heartbeat must be positive");
    }
    if (registryEndpoint != null) {
      RegistryEndpoint.of(registryEndpoint); // fails now, naming the value, when unusable
    }
  }

  /** The address to bind. */
  public String host() {
    return host;
  }

  /** The port to bind; 0 picks a free one. */
  public int port() {
    return port;
  }

  /** Where the lifecycle endpoints live, e.g. {@code /model}. */
  public String basePath() {
    return basePath;
  }

  /** The registered name, or null for the adapter's {@link ModelAdapter#name()}. */
  public String name() {
    return name;
  }

  /** The owner registered with the model registry. */
  public String owner() {
    return owner;
  }

  /** The model registry to register with, or null not to register. */
  public URI registryEndpoint() {
    return registryEndpoint;
  }

  /** The URL registered as the adapter's {@code uri}, or null for the bound host and port. */
  public URI externalUrl() {
    return externalUrl;
  }

  /** How many runs execute at once. */
  public int workers() {
    return workers;
  }

  /** How many runs may be admitted at once. */
  public int capacity() {
    return capacity;
  }

  /** How many runs are tracked at most. */
  public int maxRuns() {
    return maxRuns;
  }

  /** How long a run nobody calls about is kept. */
  public Duration runTtl() {
    return runTtl;
  }

  /** The state {@code /results} reports on success (READY or SUCCEEDED). */
  public ModelRunState resultsState() {
    return resultsState;
  }

  /** Whether {@code initialize} bodies with unknown keys are rejected. */
  public boolean strictConfig() {
    return strictConfig;
  }

  /** The largest accepted request body. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** How often the registry entry is refreshed. */
  public Duration heartbeat() {
    return heartbeat;
  }

  /** How long {@code remove} waits for an interrupted model to stop. */
  public Duration removeGrace() {
    return removeGrace;
  }

  /** Where run work directories are made, or null for a temporary directory. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
  public Path workRoot() {
    return workRoot;
  }

  /**
   * A builder with every option at its default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder preset with this configuration.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder()
        .host(host)
        .port(port)
        .basePath(basePath)
        .name(name)
        .owner(owner)
        .registryEndpoint(registryEndpoint)
        .externalUrl(externalUrl)
        .workers(workers)
        .capacity(capacity)
        .maxRuns(maxRuns)
        .runTtl(runTtl)
        .resultsState(resultsState)
        .strictConfig(strictConfig)
        .maxBodyBytes(maxBodyBytes)
        .heartbeat(heartbeat)
        .removeGrace(removeGrace)
        .workRoot(workRoot);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AdapterConfig c && values().equals(c.values());
  }

  @Override
  public int hashCode() {
    return values().hashCode();
  }

  @Override
  public String toString() {
    return "AdapterConfig" + values();
  }

  private java.util.List<Object> values() {
    return java.util.Arrays.asList(
        host,
        port,
        basePath,
        name,
        owner,
        registryEndpoint,
        externalUrl,
        workers,
        capacity,
        maxRuns,
        runTtl,
        resultsState,
        strictConfig,
        maxBodyBytes,
        heartbeat,
        removeGrace,
        workRoot);
  }

  /**
   * Reads the configuration from arguments ({@code --port 8080} or {@code --port=8080}), falling
   * back to environment variables, then to the defaults:
   *
   * <pre>
   * --host HOST            HOST             0.0.0.0
   * --port N               PORT             8080
   * --base-path PATH       BASE_PATH        /model
   * --name NAME            ADAPTER_ID       (the adapter's name())
   * --owner OWNER          ADAPTER_OWNER    model-runner
   * --registry URL         REGISTRY_ENDPOINT (none: do not register; base or .../registry/ URL)
   * --external-url URL     EXTERNAL_URL     http://HOST:PORT
   * --workers N            WORKERS          1
   * --capacity N           CAPACITY         16
   * --max-runs N           MAX_RUNS         1000
   * --run-ttl DURATION     RUN_TTL          PT24H (ISO-8601, or seconds)
   * --results-state S      RESULTS_STATE    SUCCEEDED (or READY)
   * --strict-config B      STRICT_CONFIG    false
   * --max-body-bytes N     MAX_BODY_BYTES   1048576
   * --heartbeat DURATION   HEARTBEAT        PT30S
   * --remove-grace DUR     REMOVE_GRACE     PT10S
   * --work-dir DIR         WORK_DIR         (a temporary directory)
   * </pre>
   *
   * @param args the command-line arguments
   * @param env the environment, usually {@link System#getenv()}
   * @return the configuration
   * @throws IllegalArgumentException naming the option when a value is malformed or unknown
   */
  public static AdapterConfig fromArgs(String[] args, Map<String, String> env) {
    return fromArgs(args, env, null);
  }

  /**
   * As {@link #fromArgs(String[], Map)}, with {@code defaultName} as the name when neither {@code
   * --name} nor {@code ADAPTER_ID} gives one.
   *
   * @param args the command-line arguments
   * @param env the environment, usually {@link System#getenv()}
   * @param defaultName the name when none is given, or null for the adapter's {@link
   *     ModelAdapter#name()}
   * @return the configuration
   * @throws IllegalArgumentException naming the option when a value is malformed or unknown
   */
  public static AdapterConfig fromArgs(String[] args, Map<String, String> env, String defaultName) {
    Map<String, String> values = new java.util.HashMap<>();
    Map<String, String> envNames =
        Map.ofEntries(
            Map.entry("host", "HOST"),
            Map.entry("port", "PORT"),
            Map.entry("base-path", "BASE_PATH"),
            Map.entry("name", "ADAPTER_ID"),
            Map.entry("owner", "ADAPTER_OWNER"),
            Map.entry("registry", "REGISTRY_ENDPOINT"),
            Map.entry("external-url", "EXTERNAL_URL"),
            Map.entry("workers", "WORKERS"),
            Map.entry("capacity", "CAPACITY"),
            Map.entry("max-runs", "MAX_RUNS"),
            Map.entry("run-ttl", "RUN_TTL"),
            Map.entry("results-state", "RESULTS_STATE"),
            Map.entry("strict-config", "STRICT_CONFIG"),
            Map.entry("max-body-bytes", "MAX_BODY_BYTES"),
            Map.entry("heartbeat", "HEARTBEAT"),
            Map.entry("remove-grace", "REMOVE_GRACE"),
            Map.entry("work-dir", "WORK_DIR"));
    envNames.forEach(
        (option, variable) -> {
          String v = env.get(variable);
          if (v != null && !v.isBlank()) {
            values.put(option, v.trim());
          }
        });
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      String option = arg.substring(2);
      String value;
      int eq = option.indexOf('=');
      if (eq >= 0) {
        value = option.substring(eq + 1);
        option = option.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("option --" + option + " needs a value");
      }
      if (!envNames.containsKey(option)) {
        throw new IllegalArgumentException(
            "unknown option --"
                + option
                + "; known: "
                + new java.util.TreeSet<>(envNames.keySet()));
      }
      values.put(option, value);
    }
    Builder b = builder().name(defaultName);
    values.forEach((option, value) -> apply(b, option, value));
    return b.build();
  }

  private static void apply(Builder b, String option, String value) {
    try {
      switch (option) {
        case "host" -> b.host(value);
        case "port" -> b.port(Integer.parseInt(value));
        case "base-path" -> b.basePath(value);
        case "name" -> b.name(value);
        case "owner" -> b.owner(value);
        case "registry" -> b.registryEndpoint(URI.create(value));
        case "external-url" -> b.externalUrl(URI.create(value));
        case "workers" -> b.workers(Integer.parseInt(value));
        case "capacity" -> b.capacity(Integer.parseInt(value));
        case "max-runs" -> b.maxRuns(Integer.parseInt(value));
        case "run-ttl" -> b.runTtl(parseDuration(value));
        case "results-state" -> b.resultsState(ModelRunState.valueOf(value.toUpperCase()));
        case "strict-config" -> b.strictConfig(Boolean.parseBoolean(value));
        case "max-body-bytes" -> b.maxBodyBytes(Integer.parseInt(value));
        case "heartbeat" -> b.heartbeat(parseDuration(value));
        case "remove-grace" -> b.removeGrace(parseDuration(value));
        case "work-dir" -> b.workRoot(Path.of(value));
        default -> throw new IllegalArgumentException("unknown option --" + option);
      }
    } catch (NumberFormatException | DateTimeParseException | InvalidPathException e) {
      throw new IllegalArgumentException("bad value for --" + option + ": '" + value + "'", e);
    }
  }

  private static Duration parseDuration(String value) {
    return value.matches("\\d+")
        ? Duration.ofSeconds(Long.parseLong(value))
        : Duration.parse(value);
  }

  private static String normalizeBasePath(String path) {
    Objects.requireNonNull(path, "basePath");
    String p = path.trim();
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (!p.isEmpty() && !p.startsWith("/")) {
      p = "/" + p;
    }
    return p;
  }

  private static void requirePositive(String what, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, got " + value);
    }
  }

  /**
   * Builds an {@link AdapterConfig}; every option starts at its documented default. Each setter
   * returns this builder.
   */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = 8080;
    private String basePath = "/model";
    private String name;
    private String owner = "model-runner";
    private URI registryEndpoint;
    private URI externalUrl;
    private int workers = 1;
    private int capacity = 16;
    private int maxRuns = 1000;
    private Duration runTtl = Duration.ofHours(24);
    private ModelRunState resultsState = ModelRunState.SUCCEEDED;
    private boolean strictConfig;
    private int maxBodyBytes = 1 << 20;
    private Duration heartbeat = Duration.ofSeconds(30);
    private Duration removeGrace = Duration.ofSeconds(10);
    private Path workRoot;

    private Builder() {}

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder basePath(String v) {
      basePath = v;
      return this;
    }

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder owner(String v) {
      owner = v;
      return this;
    }

    public Builder registryEndpoint(URI v) {
      registryEndpoint = v;
      return this;
    }

    public Builder externalUrl(URI v) {
      externalUrl = v;
      return this;
    }

    public Builder workers(int v) {
      workers = v;
      return this;
    }

    public Builder capacity(int v) {
      capacity = v;
      return this;
    }

    public Builder maxRuns(int v) {
      maxRuns = v;
      return this;
    }

    public Builder runTtl(Duration v) {
      runTtl = v;
      return this;
    }

    public Builder resultsState(ModelRunState v) {
      resultsState = v;
      return this;
    }

    public Builder strictConfig(boolean v) {
      strictConfig = v;
      return this;
    }

    public Builder maxBodyBytes(int v) {
      maxBodyBytes = v;
      return this;
    }

    public Builder heartbeat(Duration v) {
      heartbeat = v;
      return this;
    }

    public Builder removeGrace(Duration v) {
      removeGrace = v;
      return this;
    }

    /**
     * Sets the directory under which each run's work directory is made.
     *
     * @param v an existing or creatable directory, or null for a temporary one
     * @return this builder
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public Builder workRoot(Path v) {
      workRoot = v;
      return this;
    }

    /**
     * Checks the options and builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException when an option is out of range
     */
    public AdapterConfig build() {
      return new AdapterConfig(this);
    }
  }
}
