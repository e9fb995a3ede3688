package io.modelrunner.app.config;

import io.modelrunner.app.config.ConfigKeys.Key;
import io.modelrunner.app.db.Redaction;
import io.modelrunner.app.http.HttpLimits;
import io.modelrunner.app.http.Networks;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The resolved configuration of {@code model-runner serve} (keys: {@link ConfigKeys}). Secrets are
 * never part of {@link #toString()} or {@link #describe()}. Created by {@link #load}, which checks
 * every key and reports every problem at once. {@code runRetention} is null when runs are kept
 * forever.
 */
public record ServiceConfig(
    String host,
    int port,
    int httpThreads,
    long maxBodyBytes,
    HttpLimits httpLimits,
    Path dataDir,
    Path workDir,
    String nodeId,
    Set<String> nodeLabels,
    Duration poolHeartbeat,
    int poolMissedHeartbeats,
    Duration poolPollingInterval,
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    int databasePoolSize,
    Duration databaseOutageTolerance,
    String store,
    Map<String, String> storeOptions,
    String engine,
    Path modelsCatalog,
    String outputSchema,
    List<String> allowedImagePrefixes,
    String apiToken,
    String registryToken,
    Duration registryTtl,
    String adapterBasePath,
    Networks registryTrustedNetworks,
    Set<String> allowedAdapterHosts,
    String callbackSecret,
    String callbackSigningKey,
    Set<String> callbackAllowedHosts,
    Duration callbackTimeout,
    int callbackAttempts,
    Duration callbackRetryPeriod,
    Duration callbackMaxBackoff,
    int callbackDeliveryThreads,
    int maxConcurrentRuns,
    int queueLimit,
    boolean keepOnFailure,
    boolean reuseStoredResults,
    int logTailMaxLines,
    Duration runRetention,
    Deadlines deadlines,
    Duration watchdogInterval,
    Duration shutdownGrace) {

  /**
   * Resolves the configuration: defaults, then {@code file} (may be null), then {@code
   * environment}, then {@code overrides} (the command line's, by key name).
   *
   * @throws ConfigException listing every unknown key and bad value, each with its key and source
   */
  public static ServiceConfig load(
      Path file, Map<String, String> environment, Map<String, String> overrides) {
    List<String> problems = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    for (Key key : ConfigKeys.ALL) {
      values.put(key.name(), key.defaultValue());
      sources.put(key.name(), "default");
    }
    if (file != null) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new ConfigException(List.of("--config " + file + ": cannot read it: " + e));
      }
      for (String name : new TreeSet<>(properties.stringPropertyNames())) {
        if (ConfigKeys.find(name).isEmpty()) {
          problems.add(
              file + ": unknown key '" + name + "' (see docs/configuration.md for the keys)");
        } else {
          values.put(name, properties.getProperty(name).trim());
          sources.put(name, file.toString());
        }
      }
    }
    for (Key key : ConfigKeys.ALL) {
      if (key.envAlias() != null && environment.get(key.envAlias()) != null) {
        values.put(key.name(), environment.get(key.envAlias()).trim());
        sources.put(key.name(), "$" + key.envAlias());
      }
      if (environment.get(key.envName()) != null) {
        values.put(key.name(), environment.get(key.envName()).trim());
        sources.put(key.name(), "$" + key.envName());
      }
    }
    for (Map.Entry<String, String> o : overrides.entrySet()) {
      if (o.getValue() != null) {
        values.put(o.getKey(), o.getValue().trim());
        sources.put(o.getKey(), "the command line");
      }
    }
    Parser p = new Parser(values, sources, problems);
    Path dataDir = Path.of(p.text("data.dir")).toAbsolutePath().normalize();
    String work = p.text("work.dir");
    String store = p.text("store");
    ServiceConfig config =
        new ServiceConfig(
            p.text("server.host"),
            p.integer("server.port", 0, 65535),
            p.integer("server.threads", 1, 1024),
            p.longValue("server.max-body-bytes", 1024, 1L << 30),
            new HttpLimits(
                p.duration("server.header-timeout"),
                p.duration("server.idle-timeout"),
                p.duration("server.body-timeout"),
                p.longValue("server.body-min-rate", 0, 1L << 40),
                p.integer("server.max-header-bytes", 1024, 1 << 20),
                p.integer("server.max-connections", 1, 1_000_000),
                p.integer("server.max-connections-per-client", 0, 1_000_000)),
            dataDir,
            work.isEmpty() ? dataDir.resolve("work") : Path.of(work).toAbsolutePath().normalize(),
            p.text("node.id"),
            new java.util.TreeSet<>(p.list("node.labels")),
            p.duration("pool.heartbeat"),
            p.integer("pool.missed-heartbeats", 2, 1000),
            p.duration("pool.polling-interval"),
            p.text("database.url"),
            p.text("database.user"),
            p.text("database.password"),
            p.integer("database.pool-size", 1, 500),
            p.duration("database.outage-tolerance"),
            store.isEmpty() ? dataDir.resolve("results").toString() : store,
            p.pairs("store.options"),
            p.choice("engine", "auto", "docker", "process"),
            p.path("models.catalog"),
            p.text("output.schema"),
            p.list("images.allowed-prefixes"),
            p.text("auth.api-token"),
            p.text("registry.token"),
            p.duration("registry.ttl"),
            p.text("registry.adapter-base-path"),
            p.networks("registry.trusted-networks"),
            new LinkedHashSet<>(p.list("registry.allowed-adapter-hosts")),
            p.text("callbacks.secret"),
            p.text("callbacks.signing-key"),
            new LinkedHashSet<>(p.list("callbacks.allowed-hosts")),
            p.duration("callbacks.timeout"),
            p.integer("callbacks.attempts", 1, 100),
            p.duration("callbacks.retry-period"),
            p.duration("callbacks.max-backoff"),
            p.integer("callbacks.delivery-threads", 1, 256),
            p.integer("runs.max-concurrent", 1, 1024),
            p.integer("runs.queue-limit", 1, 10_000_000),
            p.bool("runs.keep-on-failure"),
            p.bool("runs.reuse-stored-results"),
            p.integer("runs.log-tail-max-lines", 1, 100_000),
            p.text("runs.retention").isEmpty() ? null : p.duration("runs.retention"),
            new Deadlines(
                p.duration("deadlines.queued"),
                p.duration("deadlines.prepare"),
                p.duration("deadlines.start-callback"),
                p.duration("deadlines.workspace"),
                p.duration("deadlines.execute-grace"),
                p.duration("deadlines.collect"),
                p.duration("deadlines.export"),
                p.duration("deadlines.store"),
                p.duration("deadlines.final-callback"),
                p.duration("deadlines.cleanup")),
            p.duration("watchdog.interval"),
            p.duration("shutdown.grace"));
    if (!config.databaseUrl().isEmpty()
        && io.modelrunner.app.db.Dialect.ofUrl(config.databaseUrl()) == null) {
      problems.add(
          "database.url (from "
              + sources.get("database.url")
              + "): use jdbc:postgresql://host:port/db, jdbc:sqlite:FILE or jdbc:h2:…");
    }
    if (!config.adapterBasePath().isEmpty() && !config.adapterBasePath().startsWith("/")) {
      problems.add("registry.adapter-base-path: must start with / (or be empty)");
    }
    for (String entry : config.callbackAllowedHosts()) {
      io.modelrunner.core.callback.CallbackSettings.hostEntryProblem(entry)
          .ifPresent(
              problem ->
                  problems.add(
                      "callbacks.allowed-hosts (from "
                          + sources.get("callbacks.allowed-hosts")
                          + "): "
                          + problem));
    }
    if (config.nodeLabels().size() > 8) {
      problems.add("node.labels: at most 8 labels, not " + config.nodeLabels().size());
    }
    for (String label : config.nodeLabels()) {
      if (!label.matches("[A-Za-z0-9][A-Za-z0-9_.=/-]{0,62}")) {
        problems.add("node.labels: '" + label + "' must be letters, digits and _ . = / -");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config;
  }

  /** Whether callbacks may go to any host ({@code callbacks.allowed-hosts=*}). */
  public boolean anyCallbackHost() {
    return callbackAllowedHosts.contains("*");
  }

  /** One line per key and value for the start-up log, secrets shown as {@code (set)}. */
  public String describe() {
    return "listen "
        + host
        + ":"
        + port
        + ", data "
        + dataDir
        + ", work "
        + workDir
        + ", database "
        + (databaseUrl.isEmpty()
            ? "embedded SQLite"
            : Redaction.of(databasePassword.isEmpty() ? Set.of() : Set.of(databasePassword))
                .applyToUrl(databaseUrl))
        + ", store "
        + store
        + ", node labels "
        + nodeLabels
        + ", engine "
        + engine
        + ", max concurrent runs "
        + maxConcurrentRuns
        + ", queue limit "
        + queueLimit
        + ", api token "
        + (apiToken.isEmpty() ? "generated" : "(set)")
        + ", registry token "
        + (registryToken.isEmpty() ? "off" : "(set)")
        + ", registry trusted networks "
        + (registryTrustedNetworks.isEmpty() ? "none" : registryTrustedNetworks)
        + ", adapter hosts "
        + (allowedAdapterHosts.isEmpty() ? "any" : allowedAdapterHosts)
        + ", callback secret "
        + (callbackSecret.isEmpty() ? "none" : "(set)")
        + ", callback signing "
        + (callbackSigningKey.isEmpty() && callbackSecret.isEmpty() ? "off" : "on")
        + ", callback hosts "
        + callbackAllowedHosts
        + ", image prefixes "
        + (allowedImagePrefixes.isEmpty() ? "any" : allowedImagePrefixes);
  }

  @Override
  public String toString() {
    return "ServiceConfig[" + describe() + "]";
  }

  /** Reads typed values, collecting problems instead of stopping at the first. */
  private record Parser(
      Map<String, String> values, Map<String, String> sources, List<String> problems) {
    String text(String key) {
      String v = values.get(key);
      return v == null ? "" : v;
    }

    private void problem(String key, String what) {
      problems.add(key + " (from " + sources.get(key) + "): " + what);
    }

    int integer(String key, int min, int max) {
      return (int) longValue(key, min, max);
    }

    long longValue(String key, long min, long max) {
      String v = text(key);
      try {
        long n = Long.parseLong(v);
        if (n < min || n > max) {
          problem(key, "must be between " + min + " and " + max + ", not " + v);
          return min;
        }
        return n;
      } catch (NumberFormatException e) {
        problem(key, "must be a whole number, not '" + v + "'");
        return min;
      }
    }

    boolean bool(String key) {
      String v = text(key).toLowerCase(java.util.Locale.ROOT);
      if (!v.equals("true") && !v.equals("false")) {
        problem(key, "must be true or false, not '" + text(key) + "'");
      }
      return v.equals("true");
    }

    Duration duration(String key) {
      String v = text(key);
      try {
        Duration d = Duration.parse(v);
        if (d.isNegative() || d.isZero()) {
          problem(key, "must be positive, not " + v);
          return Duration.ofSeconds(1);
        }
        return d;
      } catch (DateTimeParseException e) {
        problem(key, "must be an ISO-8601 duration such as PT30S or PT10M, not '" + v + "'");
        return Duration.ofSeconds(1);
      }
    }

    String choice(String key, String... allowed) {
      String v = text(key);
      if (!List.of(allowed).contains(v)) {
        problem(key, "must be one of " + String.join(", ", allowed) + ", not '" + v + "'");
        return allowed[0];
      }
      return v;
    }

    Path path(String key) {
      String v = text(key);
      return v.isEmpty() ? null : Path.of(v).toAbsolutePath().normalize();
    }

    List<String> list(String key) {
      List<String> items = new ArrayList<>();
      for (String item : text(key).split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
      return List.copyOf(items);
    }

    Networks networks(String key) {
      try {
        return Networks.parse(list(key));
      } catch (IllegalArgumentException e) {
        problem(key, e.getMessage());
        return Networks.parse(List.of());
      }
    }

    Map<String, String> pairs(String key) {
      Map<String, String> pairs = new LinkedHashMap<>();
      for (String item : list(key)) {
        int eq = item.indexOf('=');
        if (eq <= 0) {
          problem(key, "expected key=value pairs separated by commas, got '" + item + "'");
        } else {
          pairs.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
        }
      }
      return Map.copyOf(pairs);
    }
  }
}
