package io.modelrunner.app.config;

import io.modelrunner.app.config.ConfigKeys.Key;
import io.modelrunner.app.engine.EngineChoice;
import io.modelrunner.app.logging.LogFormat;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The resolved configuration of {@code model-runner serve} (keys: {@link ConfigKeys}), in one
 * section per concern; the data folder and the runs API token stand alone. Secrets are never part
 * of {@link #toString()} or {@link #describe()}. Created by {@link #load}, which checks every key
 * and reports every problem at once.
 */
public record ServiceConfig(
    Path dataDir,
    String apiToken,
    ServerSection server,
    DatabaseSection database,
    RunsSection runs,
    PoolSection pool,
    CallbacksSection callbacks,
    RegistrySection registry,
    EngineSection engine,
    StoreSection store,
    LogFormat logFormat) {

  /**
   * Resolves the configuration: defaults, then {@code file} (may be null), then {@code
   * environment}, then {@code overrides} (the command line's, by key name).
   *
   * @throws ConfigException listing every unknown key and bad value, each with its key and source
   */
  public static ServiceConfig load(
      Path file, Map<String, String> environment, Map<String, String> overrides) {
    List<String> problems = new ArrayList<>();
    ConfigValues v = resolve(file, environment, overrides, problems);
    Path dataDir = Path.of(v.text("data.dir")).toAbsolutePath().normalize();
    EngineSection engine = EngineSection.parse(v);
    boolean slurm =
        engine.engine() == EngineChoice.slurm && engine.slurm().sharedDirectory() != null;
    RunsSection runs =
        RunsSection.parse(
            v, slurm ? engine.slurm().defaultWorkDirectory() : dataDir.resolve("work"));
    if (slurm) {
      engine
          .slurm()
          .workDirectoryProblem(runs.workDir())
          .ifPresent(problem -> v.problem("work.dir", "with engine=slurm, " + problem));
    }
    ServiceConfig config =
        new ServiceConfig(
            dataDir,
            v.text("auth.api-token"),
            ServerSection.parse(v),
            DatabaseSection.parse(v),
            runs,
            PoolSection.parse(v),
            CallbacksSection.parse(v),
            RegistrySection.parse(v),
            engine,
            StoreSection.parse(v, dataDir),
            logFormat(v));
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config;
  }

  private static LogFormat logFormat(ConfigValues v) {
    try {
      return LogFormat.parse(v.text("logging.format"));
    } catch (IllegalArgumentException e) {
      v.problem("logging.format", e.getMessage());
      return LogFormat.PLAIN;
    }
  }

  /**
   * Every key's text and where it came from: defaults, then {@code file} (may be null; an unknown
   * key in it is added to {@code problems}), then {@code environment}, then {@code overrides}.
   */
  static ConfigValues resolve(
      Path file,
      Map<String, String> environment,
      Map<String, String> overrides,
      List<String> problems) {
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
    return new ConfigValues(values, sources, problems);
  }

  /** One line per key and value for the start-up log, secrets shown as {@code (set)}. */
  public String describe() {
    return "listen "
        + server.host()
        + ":"
        + server.port()
        + ", data "
        + dataDir
        + ", work "
        + runs.workDir()
        + ", database "
        + database.describe()
        + ", store "
        + store.uri()
        + ", node labels "
        + pool.nodeLabels()
        + ", engine "
        + engine.engine()
        + (engine.engine() == EngineChoice.slurm ? " (" + engine.slurm().describe() + ")" : "")
        + ", max concurrent runs "
        + runs.maxConcurrent()
        + ", queue limit "
        + runs.queueLimit()
        + ", api token "
        + (apiToken.isEmpty() ? "generated" : "(set)")
        + ", registry token "
        + (registry.token().isEmpty() ? "off" : "(set)")
        + ", registry trusted networks "
        + (registry.trustedNetworks().isEmpty() ? "none" : registry.trustedNetworks())
        + ", adapter hosts "
        + (engine.allowedAdapterHosts().isEmpty() ? "any" : engine.allowedAdapterHosts())
        + ", callback secret "
        + (callbacks.secret().isEmpty() ? "none" : "(set)")
        + ", callback signing "
        + (callbacks.effectiveSigningKey().isEmpty() ? "off" : "on")
        + ", callback hosts "
        + callbacks.allowedHosts()
        + ", image prefixes "
        + (engine.allowedImagePrefixes().isEmpty() ? "any" : engine.allowedImagePrefixes())
        + ", pull credentials "
        + engine.pullCredentials().describe();
  }

  @Override
  public String toString() {
    return "ServiceConfig[" + describe() + "]";
  }
}
