package io.modelrunner.app.cli;

import io.modelrunner.api.ModelRef;
import io.modelrunner.api.schema.InvalidJsonException;
import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.SchemaLoadException;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.api.schema.ValidationError;
import io.modelrunner.app.Version;
import io.modelrunner.app.bootstrap.Application;
import io.modelrunner.app.bootstrap.Lifecycle;
import io.modelrunner.app.bootstrap.StoreUnavailableException;
import io.modelrunner.app.config.ConfigException;
import io.modelrunner.app.config.ConfigKeys;
import io.modelrunner.app.config.EngineSection;
import io.modelrunner.app.config.PullCredentialsSection;
import io.modelrunner.app.engine.EngineChoice;
import io.modelrunner.app.engine.EngineUnavailableException;
import io.modelrunner.app.engine.SlurmSettings;
import io.modelrunner.core.callback.CallbackSettings;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.engine.docker.DockerCredentialsException;
import io.modelrunner.core.engine.docker.RegistryCredentials;
import io.modelrunner.core.pipeline.Cancellation;
import io.modelrunner.core.pipeline.PipelineSettings;
import io.modelrunner.core.pipeline.RequestRunner;
import io.modelrunner.core.pipeline.RunRequestDocument;
import io.modelrunner.core.pipeline.RunResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code model-runner run REQUEST.json}: runs every model of a run request, or with {@code --model}
 * only one.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs every model of a run request (or with --model only one): validate, start callback,"
          + " run, collect, export, store, final callback, clean up.",
      "Progress goes to stderr; where the results went to stdout (one JSON object per model"
          + " with --json).",
      "Exit 0 when every model completed; 1 when any failed; 2 on usage errors (including an"
          + " invalid request: nothing runs)."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REQUEST.json", description = "The run request.")
  Path requestFile;

  /** The environment variable a signing key is read from, as the service reads it. */
  static final String SIGNING_KEY_ENV = "RUNNER_CALLBACK_SIGNING_KEY";

  @Option(
      names = "--model",
      paramLabel = "SLUG",
      description =
          "Run only this model of the request (one job of a matrix of one job per model); the"
              + " whole request is still validated, and its callbacks and storage key are the"
              + " request's. A slug the request does not name is a usage error.")
  String onlyModel;

  @Option(
      names = "--engine",
      defaultValue = "auto",
      paramLabel = "ENGINE",
      description =
          "docker, process, slurm (each model as a Slurm job: the slurm.* keys, from --config or"
              + " MODEL_RUNNER_SLURM_* variables), or auto (Docker when an engine answers, else"
              + " process). Default: ${DEFAULT-VALUE}.")
  EngineChoice engine;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "A configuration file as serve reads it (Java properties, docs/configuration.md), for"
              + " the engine's keys: run reads its slurm.* and images.* keys (the environment's"
              + " MODEL_RUNNER_SLURM_* and MODEL_RUNNER_IMAGES_* variables win) and leaves the"
              + " others to serve.")
  Path configFile;

  @Option(
      names = "--docker-config",
      paramLabel = "FILE",
      description =
          "A Docker client config.json whose auths, credHelpers and credsStore give the"
              + " credentials images are pulled with (images.docker-config; none reads none)."
              + " Default: $DOCKER_CONFIG/config.json, else ~/.docker/config.json. Explicit"
              + " credentials: the images.registry, images.registry-username and"
              + " images.registry-password(-file) keys, from --config or MODEL_RUNNER_IMAGES_*"
              + " variables.")
  String dockerConfig;

  @Option(
      names = "--models",
      paramLabel = "CATALOG",
      description =
          "The models catalog (JSON): slug -> image, command, limits. Without it each model's imageURL is used.")
  Path catalogFile;

  @Option(
      names = "--store",
      paramLabel = "STORE",
      defaultValue = "model-runner-results",
      description =
          "Where results are stored: a folder (or file: URI), s3://bucket/prefix or"
              + " azure://container/prefix (docs/storage.md). Default: ${DEFAULT-VALUE}.")
  String store;

  @Option(
      names = "--store-option",
      paramLabel = "KEY=VALUE",
      description =
          "An option of an s3:// or azure:// store, e.g. endpoint=http://127.0.0.1:9000,"
              + " region=eu-west-1, path-style=true. Credentials are better passed in the"
              + " environment (AWS_ACCESS_KEY_ID, AZURE_STORAGE_CONNECTION_STRING, ...).")
  Map<String, String> storeOptions = new LinkedHashMap<>();

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Where run workspaces are created. Default: model-runner-work in the system temporary"
              + " folder; with --engine slurm, work under slurm.shared-directory (and it must be"
              + " under it).")
  Path workDir;

  @Option(
      names = "--json",
      description = "Print one JSON object per model (one line each) on stdout.")
  boolean json;

  @Option(
      names = "--reuse-stored-results",
      description =
          "Skip a model whose results for the same request and image are already in the store,"
              + " and report those (the final callback says \"cached\": true). Off by default.")
  boolean reuseStoredResults;

  @Option(
      names = "--keep-on-failure",
      description = "Keep the workspace of a failed model for debugging.")
  boolean keepOnFailure;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      defaultValue = "1",
      description = "How many models run at once. Default: ${DEFAULT-VALUE}.")
  int parallelism;

  @Option(
      names = "--export-threads",
      paramLabel = "N",
      description =
          "Threads compressing each model's export.zip (its bytes do not depend on it)."
              + " Default: 2, or 1 on a one-processor machine.")
  Integer exportThreads;

  @Option(
      names = "--output-schema",
      paramLabel = "SCHEMA",
      defaultValue = "output",
      description =
          "The schema data.json must match for a model whose catalog entry names none (an adapter-backed model excepted): output, or a schema file or URL. Default: ${DEFAULT-VALUE}.")
  String outputSchema;

  @Option(
      names = "--workflow-run-id",
      paramLabel = "ID",
      description =
          "Reported as workflowRunID in every callback (the workflow run executing this command).")
  String workflowRunId;

  @Option(
      names = "--callback-secret-file",
      paramLabel = "FILE",
      description =
          "A file holding the callback secret, sent as Authorization: Bearer and (without a"
              + " signing key) signing every callback. Default: the environment variable"
              + " MODEL_RUNNER_CALLBACKS_SECRET, else "
              + CallbackSettings.SECRET_ENV
              + ", as serve reads callbacks.secret.")
  Path secretFile;

  @Option(
      names = "--callback-signing-key-file",
      paramLabel = "FILE",
      description =
          "A file holding the key that signs every callback (Standard Webhooks webhook-signature"
              + " and X-Model-Runner-Signature). Default: the environment variable"
              + " MODEL_RUNNER_CALLBACKS_SIGNING_KEY, else "
              + SIGNING_KEY_ENV
              + " (as serve reads callbacks.signing-key), else the callback secret; without"
              + " either, callbacks are unsigned.")
  Path signingKeyFile;

  @Option(
      names = "--callback-attempts",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "Attempts per callback (retried on network errors and 5xx). Default: ${DEFAULT-VALUE}.")
  int callbackAttempts;

  @Option(
      names = "--callback-timeout",
      paramLabel = "DURATION",
      defaultValue = "PT10S",
      description = "Timeout of one callback attempt, ISO-8601. Default: ${DEFAULT-VALUE}.")
  Duration callbackTimeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (parallelism < 1 || callbackAttempts < 1 || (exportThreads != null && exportThreads < 1)) {
      throw new UserErrorException(
          "--parallelism, --callback-attempts and --export-threads must be at least 1", null);
    }
    RunRequestDocument request = readRequest();
    requireRequestedModel(request);
    SlurmSettings slurm = slurmSettings();
    SchemaValidator validator = new SchemaValidator();
    ModelsCatalog catalog = CatalogFiles.load(catalogFile, outputSchema, validator);
    PipelineSettings settings =
        PipelineSettings.defaults(workRoot(slurm), validator, Version.current())
            .withOutputSchema(outputSchema(validator))
            .withKeepOnFailure(keepOnFailure)
            .withReuseStoredResults(reuseStoredResults)
            .withWorkflowRunId(workflowRunId)
            .withExportThreads(
                exportThreads == null ? PipelineSettings.defaultExportThreads() : exportThreads);
    CallbackSettings callbackSettings =
        new CallbackSettings(
                callbackTimeout,
                callbackAttempts,
                CallbackSettings.DEFAULT_INITIAL_BACKOFF,
                CallbackSettings.DEFAULT_MAX_BACKOFF,
                null)
            .withSecret(secret());
    callbackSettings = callbackSettings.withSigningKey(signingKey(callbackSettings.secret()));

    Application.LocalRunConfig config =
        new Application.LocalRunConfig(
            engine,
            slurm,
            runnerId(),
            store,
            storeOptions,
            callbackSettings,
            settings,
            catalog,
            parallelism,
            registryCredentials());
    Lifecycle lifecycle = new Lifecycle();
    try {
      Application.LocalRun local;
      try {
        local =
            new Application(System.getenv())
                .run(
                    config,
                    lifecycle,
                    message -> {
                      err.println("model-runner: " + message);
                      err.flush();
                    });
      } catch (EngineUnavailableException e) {
        throw new UserErrorException("--engine " + engine + ": " + e.getMessage(), null);
      } catch (StoreUnavailableException e) {
        throw new UserErrorException("--store: " + e.getMessage(), e);
      }
      List<ValidationError> errors = local.runner().validate(request);
      if (!errors.isEmpty()) {
        err.println("model-runner: " + requestFile + " is not a valid run request; nothing ran:");
        errors.forEach(e -> err.println("  " + e));
        err.flush();
        return ExitCodes.USAGE;
      }
      err.println(
          "model-runner: store: "
              + local.storeDescription()
              + "; workspaces under "
              + settings.workRoot());
      err.flush();
      return runWithShutdownHook(local.runner(), request, out, err);
    } catch (RuntimeException e) {
      lifecycle.abort(e);
      throw e;
    } finally {
      lifecycle.stop();
    }
  }

  /**
   * The pull credentials: the {@code images.*} keys of {@code --config} and the environment, and
   * {@code --docker-config}.
   *
   * @throws UserErrorException naming the key or file to fix
   */
  private RegistryCredentials registryCredentials() {
    Map<String, String> environment = System.getenv();
    try {
      return PullCredentialsSection.load(
              configFile,
              environment,
              dockerConfig == null
                  ? null
                  : PullCredentialsSection.NONE.equals(dockerConfig)
                      ? dockerConfig
                      : Path.of(dockerConfig).toAbsolutePath().toString())
          .credentials(environment);
    } catch (ConfigException e) {
      throw new UserErrorException(String.join("\n  ", e.problems()), e);
    } catch (DockerCredentialsException e) {
      throw new UserErrorException("--docker-config: " + e.getMessage(), e);
    }
  }

  /** This CLI process's id, the label on every container it starts. */
  private static String runnerId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return "cli-" + host + "-" + ProcessHandle.current().pid();
  }

  /**
   * Runs the request and reports the results; on SIGTERM or Ctrl-C the models are cancelled and the
   * JVM waits (up to 30 s) until their final callbacks, cleanup and report are done.
   */
  private int runWithShutdownHook(
      RequestRunner runner, RunRequestDocument request, PrintWriter out, PrintWriter err)
      throws InterruptedException {
    Cancellation cancellation = Cancellation.none();
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              err.println("model-runner: interrupted: cancelling the running models");
              err.flush();
              cancellation.cancel();
              try {
                done.await(30, TimeUnit.SECONDS); // let the final callbacks and cleanup finish
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "model-runner-cancel");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      List<RunResult> results =
          runner.run(
              request,
              model -> onlyModel == null || onlyModel.equals(model.slug()),
              cancellation,
              new ProgressPrinter(err));
      report(results, out);
      return results.stream().allMatch(RunResult::completed) ? ExitCodes.OK : ExitCodes.FAILED;
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it sees done and returns
      }
    }
  }

  private void report(List<RunResult> results, PrintWriter out) {
    for (RunResult result : results) {
      if (json) {
        out.println(ResultJson.line(result));
      } else if (result.completed()) {
        out.println(result.modelSlug() + ": complete");
        out.println("  results: " + result.resultsLocation());
        out.println("  export:  " + result.exportLocation());
      } else {
        out.println(result.modelSlug() + ": failed: " + result.reason().summary());
        result.artifacts().forEach(a -> out.println("  " + a.name() + ": " + a.location()));
      }
    }
    out.flush();
  }

  private RunRequestDocument readRequest() {
    try (InputStream in = Files.newInputStream(requestFile)) {
      return RunRequestDocument.parse(in);
    } catch (NoSuchFileException e) {
      throw new UserErrorException("no such file: " + requestFile, e);
    } catch (InvalidJsonException e) {
      throw new UserErrorException(requestFile + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UserErrorException(requestFile + ": " + e.getMessage(), e);
    }
  }

  /** With {@code --model}: the request must name that model. */
  private void requireRequestedModel(RunRequestDocument request) {
    if (onlyModel == null) {
      return;
    }
    List<String> slugs = request.models().stream().map(ModelRef::slug).toList();
    if (!slugs.contains(onlyModel)) {
      throw new UserErrorException(
          "--model "
              + onlyModel
              + ": "
              + requestFile
              + " has no model with that slug; its models are "
              + (slugs.isEmpty() ? "none" : String.join(", ", slugs)),
          null);
    }
  }

  private JsonSchema outputSchema(SchemaValidator validator) {
    try {
      return validator.resolve(outputSchema);
    } catch (SchemaLoadException e) {
      throw new UserErrorException("--output-schema: " + e.getMessage(), e);
    }
  }

  /**
   * The {@code slurm.*} keys with {@code --engine slurm}, else none.
   *
   * @throws UserErrorException naming each key that is missing or wrong
   */
  private SlurmSettings slurmSettings() {
    if (configFile != null && !Files.isRegularFile(configFile)) {
      throw new UserErrorException("--config " + configFile + ": no such file", null);
    }
    if (engine != EngineChoice.slurm) {
      return SlurmSettings.unset();
    }
    try {
      return EngineSection.loadSlurm(configFile, System.getenv());
    } catch (ConfigException e) {
      throw new UserErrorException(String.join("\n  ", e.problems()), e);
    }
  }

  private Path workRoot(SlurmSettings slurm) {
    if (engine == EngineChoice.slurm) {
      Path root = workDir == null ? slurm.defaultWorkDirectory() : workDir.toAbsolutePath();
      Optional<String> problem = slurm.workDirectoryProblem(root);
      if (problem.isPresent()) {
        throw new UserErrorException("--work-dir: with --engine slurm, " + problem.get(), null);
      }
      return root;
    }
    return (workDir != null
            ? workDir
            : Path.of(System.getProperty("java.io.tmpdir"), "model-runner-work"))
        .toAbsolutePath();
  }

  /** The signing key: the file's, else the environment's, else the callback secret (or none). */
  private String signingKey(String secret) {
    if (signingKeyFile != null) {
      try {
        return Files.readString(signingKeyFile).strip();
      } catch (IOException e) {
        throw new UserErrorException(
            "--callback-signing-key-file: cannot read " + signingKeyFile + ": " + e, e);
      }
    }
    String fromEnvironment = fromEnvironment("callbacks.signing-key");
    return fromEnvironment == null ? secret : fromEnvironment;
  }

  /**
   * A key's value from the environment as {@code serve} reads it: {@code MODEL_RUNNER_<KEY>}, else
   * the key's well-known variable; null when neither is set (or blank).
   */
  private static String fromEnvironment(String key) {
    ConfigKeys.Key k = ConfigKeys.find(key).orElseThrow();
    for (String name : new String[] {k.envName(), k.envAlias()}) {
      String value = name == null ? null : System.getenv(name);
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return null;
  }

  private String secret() {
    if (secretFile == null) {
      return fromEnvironment("callbacks.secret");
    }
    try {
      return Files.readString(secretFile).strip();
    } catch (IOException e) {
      throw new UserErrorException(
          "--callback-secret-file: cannot read " + secretFile + ": " + e, e);
    }
  }
}
