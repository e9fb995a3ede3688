package io.modelrunner.conformance.connector;

import io.modelrunner.conformance.connector.ConnectorTarget.Engine;
import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.engine.docker.DockerEngine;
import io.modelrunner.core.engine.docker.DockerEngineConfig;
import io.modelrunner.core.engine.process.ProcessEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs the connector through runner-core's real engine, each run in a workspace of its own under
 * the scratch folder. Thread-safe: the check runs several at once.
 */
final class ConnectorRuns implements AutoCloseable {
  /** What the Docker engine needs beyond the grace to stop and remove a container. */
  static final Duration REMOVAL_ALLOWANCE = Duration.ofSeconds(3);

  /** The label every container of a check carries (its value: what the run was for). */
  static final String CHECK_LABEL = "io.modelrunner.check";

  /** The longest a SIGTERM waits for the model to start its work. */
  static final Duration SETTLE = Duration.ofMillis(400);

  private static final Duration POLL = Duration.ofMillis(20);
  private static final int INPUT_EXCERPT = 200;

  private final ConnectorTarget target;
  private final Path scratch;
  private final ModelEngine engine;
  private final Optional<DockerSide> docker;
  private final String checkId =
      "model-runner-check-" + UUID.randomUUID().toString().substring(0, 8);

  /**
   * @param environment the host environment: {@code DOCKER_HOST} for the Docker engine, the
   *     pass-through variables ({@code PATH}, …) for the process engine
   */
  ConnectorRuns(ConnectorTarget target, Path scratch, Map<String, String> environment) {
    this.target = target;
    this.scratch = scratch;
    if (target.engine() == Engine.DOCKER) {
      DockerEngineConfig config = DockerEngineConfig.fromEnvironment(checkId, environment);
      this.engine = new DockerEngine(config);
      this.docker = Optional.of(new DockerSide(config));
    } else {
      this.engine = new ProcessEngine(environment, target.grace());
      this.docker = Optional.empty();
    }
  }

  Optional<DockerSide> docker() {
    return docker;
  }

  /**
   * Makes the connector runnable, as the runner does before a run.
   *
   * @throws ConnectorCheckException when it cannot be (engine unreachable, image or command
   *     missing)
   */
  ModelIdentity prepare() {
    try {
      if (engine instanceof DockerEngine d) {
        d.requireReachable();
      }
      return engine.prepare(launch(Map.of()));
    } catch (EngineException e) {
      throw new ConnectorCheckException(
          "the " + engine.name() + " engine cannot run " + target.subject() + ": " + e.getMessage(),
          e);
    }
  }

  /** One run to its end; {@code input} empty: no {@code inputFile.json} at all. */
  RunRecord run(String label, Optional<String> input, ExecutionLimits limits, ModelIdentity id)
      throws InterruptedException {
    Prepared prepared = prepare(label, input, limits);
    ModelExecution execution = start(prepared, id);
    return prepared.record(execution.await());
  }

  /** The outcome of a run that got SIGTERM. */
  record Terminated(RunRecord run, boolean signalled, boolean stoppedInTime, Duration took) {}

  /**
   * Starts a run, sends it SIGTERM once it has started its work (its first log output, or {@link
   * #SETTLE} after the start, whichever comes first: a signal during the interpreter's start would
   * judge the interpreter, not the model) — the Docker engine: to the container's main process; the
   * process engine: to its process group, as the runner does on cancel — and waits the grace for it
   * to stop; kills it when it does not. A run that ends before the signal is not signalled.
   */
  Terminated runAndTerminate(String label, String input, ExecutionLimits limits, ModelIdentity id)
      throws InterruptedException {
    Prepared prepared = prepare(label, Optional.of(input), limits);
    ModelExecution execution = start(prepared, id);
    Optional<ExecutionOutcome> early = settle(execution, prepared.request().workspace());
    if (early.isPresent()) {
      return new Terminated(prepared.record(early.get()), false, false, Duration.ZERO);
    }
    long sent = System.nanoTime();
    boolean signalled;
    Optional<ExecutionOutcome> outcome;
    Duration wait = target.grace();
    if (docker.isPresent()) {
      signalled = docker.get().terminate(execution.id());
      wait = wait.plus(REMOVAL_ALLOWANCE);
      outcome = execution.await(wait);
    } else {
      signalled =
          ProcessHandle.of(Long.parseLong(execution.id()))
              .map(ProcessHandle::isAlive)
              .orElse(false);
      execution.cancel(); // SIGTERM to the group, SIGKILL after the grace
      outcome = execution.await(wait.plus(REMOVAL_ALLOWANCE));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - sent);
    boolean inTime = outcome.isPresent() && took.compareTo(wait) < 0;
    if (!docker.isPresent() && outcome.isPresent()) {
      // the process engine SIGKILLs at the grace: stopping in time means before it
      inTime = took.compareTo(target.grace()) < 0;
      signalled = signalled && outcome.get().kind() == ExecutionOutcome.Kind.CANCELLED;
    }
    if (outcome.isEmpty()) {
      execution.cancel();
    }
    ExecutionOutcome ended = outcome.isPresent() ? outcome.get() : execution.await();
    return new Terminated(prepared.record(ended), signalled, inTime, took);
  }

  /** Waits until the run logs or {@link #SETTLE} passes; its outcome when it ended meanwhile. */
  private static Optional<ExecutionOutcome> settle(ModelExecution execution, Workspace workspace)
      throws InterruptedException {
    long until = System.nanoTime() + SETTLE.toNanos();
    while (System.nanoTime() < until) {
      Optional<ExecutionOutcome> ended = execution.await(POLL);
      if (ended.isPresent()) {
        return ended;
      }
      if (workspace.containerLog().toFile().length() > 0) {
        break;
      }
    }
    return Optional.empty();
  }

  private ModelExecution start(Prepared prepared, ModelIdentity id) {
    try {
      return engine.start(prepared.request(), id);
    } catch (EngineException e) {
      throw new ConnectorCheckException(
          "the "
              + engine.name()
              + " engine could not start "
              + target.subject()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** A run's folders and request, before it starts. */
  private record Prepared(String label, String sent, ExecutionRequest request, List<Path> scratch) {
    RunRecord record(ExecutionOutcome outcome) {
      return new RunRecord(label, sent, request.workspace(), scratch, outcome);
    }
  }

  private Prepared prepare(String label, Optional<String> input, ExecutionLimits limits) {
    String name = label.replaceAll("[^a-z0-9]+", "-");
    try {
      Path runDir = Files.createTempDirectory(scratch, name + "-");
      Workspace workspace = Workspace.under(runDir.resolve("workspace"));
      for (Path dir : List.of(workspace.input(), workspace.output(), workspace.log())) {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      }
      if (input.isPresent()) {
        Files.writeString(workspace.inputFile(), input.get(), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(
            workspace.inputFile(), PosixFilePermissions.fromString("rw-r--r--"));
      }
      Map<String, String> env = new HashMap<>();
      List<Path> watched = List.of();
      if (docker.isEmpty()) {
        Path home = Files.createDirectory(runDir.resolve("home"));
        Path tmp = Files.createDirectory(runDir.resolve("tmp"));
        env.put("HOME", home.toString());
        env.put("TMPDIR", tmp.toString());
        watched = List.of(home, tmp);
      }
      String runId = checkId + "-" + name;
      ExecutionRequest request =
          new ExecutionRequest(runId, launch(env), workspace, limits, Map.of(CHECK_LABEL, label));
      String sent =
          target.subject()
              + " ("
              + label
              + ")"
              + input.map(i -> " input " + excerpt(i)).orElse(" without input/inputFile.json");
      return new Prepared(label, sent, request, watched);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the workspace of run " + label, e);
    }
  }

  private ModelLaunch launch(Map<String, String> extra) {
    ModelLaunch launch = target.launch();
    Map<String, String> env = new HashMap<>(launch.environment());
    env.putAll(extra);
    return new ModelLaunch(launch.slug(), launch.image(), launch.command(), env);
  }

  private static String excerpt(String input) {
    String flat = input.replaceAll("\\s+", " ").strip();
    return flat.length() <= INPUT_EXCERPT ? flat : flat.substring(0, INPUT_EXCERPT) + "…";
  }

  @Override
  public void close() throws IOException {
    try {
      engine.close();
    } finally {
      if (docker.isPresent()) {
        docker.get().close();
      }
    }
  }
}
