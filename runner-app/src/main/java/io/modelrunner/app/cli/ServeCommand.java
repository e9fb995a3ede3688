package io.modelrunner.app.cli;

import io.modelrunner.app.bootstrap.Application;
import io.modelrunner.app.bootstrap.RunnerServer;
import io.modelrunner.app.config.ConfigException;
import io.modelrunner.app.config.ServiceConfig;
import io.modelrunner.app.db.DatabaseException;
import io.modelrunner.app.logging.LogOutput;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code model-runner serve}: the runner service (runs API, model registry) until SIGTERM. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Serves the runs API and the model registry over HTTP until stopped (SIGTERM or Ctrl-C:"
          + " graceful).",
      "Configuration: --config FILE (Java properties), then MODEL_RUNNER_* environment"
          + " variables, then these options; every key is in docs/configuration.md."
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "A configuration file.")
  Path configFile;

  @Option(names = "--port", paramLabel = "N", description = "server.port (default 8080).")
  Integer port;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "server.host (default 127.0.0.1).")
  String host;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "data.dir (default ./model-runner-data).")
  Path dataDir;

  @Option(
      names = "--store",
      paramLabel = "STORE",
      description = "store: a folder, s3://bucket/prefix or azure://container/prefix.")
  String store;

  @Option(
      names = "--engine",
      paramLabel = "ENGINE",
      description = "engine: docker|process|slurm|auto.")
  String engine;

  @Option(names = "--models", paramLabel = "CATALOG", description = "models.catalog.")
  Path catalog;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (configFile != null && !Files.isRegularFile(configFile)) {
      throw new UserErrorException("--config " + configFile + ": no such file", null);
    }
    Map<String, String> overrides = new LinkedHashMap<>();
    put(overrides, "server.port", port == null ? null : port.toString());
    put(overrides, "server.host", host);
    put(overrides, "data.dir", dataDir == null ? null : dataDir.toString());
    put(overrides, "store", store);
    put(overrides, "engine", engine);
    put(overrides, "models.catalog", catalog == null ? null : catalog.toString());
    RunnerServer server;
    try {
      ServiceConfig config = ServiceConfig.load(configFile, System.getenv(), overrides);
      LogOutput.use(config.logFormat());
      server = new Application(System.getenv()).serve(config);
    } catch (ConfigException | DatabaseException e) {
      err.println("model-runner serve: " + e.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "model-runner-shutdown"));
    err.println(
        "model-runner serve: listening on "
            + server.baseUri()
            + " (node "
            + server.nodeId()
            + "); Ctrl-C or SIGTERM stops it gracefully");
    err.flush();
    stopped.await();
    return ExitCodes.OK;
  }

  private static void put(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
