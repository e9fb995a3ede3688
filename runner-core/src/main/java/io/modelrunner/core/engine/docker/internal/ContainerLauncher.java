package io.modelrunner.core.engine.docker.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Volume;
import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.internal.Throwables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a sandboxed container for one request, attaches its log sink before starting it (so no
 * output is lost), starts it and hands it to a supervisor. Any failure on the way removes the
 * container and throws an {@link EngineException}.
 *
 * <p>Also supervises again a container that a previous runner process started ({@link #reattach}).
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ContainerLauncher {
  public static final String INPUT_MOUNT = "/data/input";
  public static final String OUTPUT_MOUNT = "/data/output";
  public static final String LOG_MOUNT = "/data/log";

  private static final Logger LOG = LoggerFactory.getLogger(ContainerLauncher.class);
  private static final long ATTACH_TIMEOUT_SECONDS = 30;

  private final DockerClient client;
  private final EngineFailures failures;
  private final Executor executor;
  private final int tailLines;

  public ContainerLauncher(
      DockerClient client, EngineFailures failures, Executor executor, int tailLines) {
    this.client = client;
    this.failures = failures;
    this.executor = executor;
    this.tailLines = tailLines;
  }

  /**
   * @param labels every label the container carries (run, runner, model and the request's)
   */
  public DockerExecution launch(
      ExecutionRequest request, ModelIdentity identity, Map<String, String> labels) {
    String slug = request.launch().slug();
    Workspace workspace = request.workspace();
    prepareWorkspace(workspace, slug);
    String containerId = create(request, identity, labels);
    LogSink log = null;
    try {
      log = openLog(workspace.containerLog(), request.limits().logCapBytes(), slug);
      DockerExecution execution = startAndSupervise(containerId, request, log);
      LOG.info(
          "Started model {} in container {} (run {})", slug, shortId(containerId), request.runId());
      return execution;
    } catch (RuntimeException e) {
      throw startFailed(containerId, slug, log, e);
    }
  }

  /**
   * Supervises again container {@code containerId}, which a previous runner process created for
   * {@code request}, and which is removed at the end exactly like a fresh execution's:
   *
   * <ul>
   *   <li>running: {@code log/container.log} is opened for appending, a line {@code ---
   *       model-runner: runner restarted at <instant>; output while it was down is not in this log
   *       ---} is written, and the model's output is streamed there again from now on. What the
   *       model wrote while no runner was attached is lost: the container uses the {@code none} log
   *       driver, so the engine kept none of it. The deadline counts from the container's start
   *       ({@code State.StartedAt}, by the engine's clock); when it has already passed, the
   *       container is killed at once and the outcome is a timeout.
   *   <li>exited (or dead): its exit code and out-of-memory flag are read and classified as for a
   *       fresh execution (a SIGKILL exit after running past the deadline counts as the timeout the
   *       previous runner was enforcing); a line saying so is appended to the log.
   *   <li>created but never started (the previous runner stopped in between): started now, its
   *       deadline counting from now.
   * </ul>
   *
   * @return empty when the engine no longer has the container (or is removing it)
   * @throws EngineException when the engine fails, or the log cannot be opened
   */
  public Optional<DockerExecution> reattach(String containerId, ExecutionRequest request) {
    String slug = request.launch().slug();
    Optional<ContainerState> found = inspect(containerId, request);
    if (found.isEmpty() || "removing".equals(found.get().getStatus())) {
      return Optional.empty();
    }
    ContainerState state = found.get();
    Instant now = Instant.now();
    Path logFile = request.workspace().containerLog();
    createLogFolder(request.workspace(), slug);
    if ("created".equals(state.getStatus())) {
      LogSink log =
          openAppending(
              logFile,
              request,
              marker(now, "the container had been created but not started: starting it now"));
      try {
        DockerExecution execution = startAndSupervise(containerId, request, log);
        LOG.info(
            "Started model {} in container {} (run {}), created by a previous runner",
            slug,
            shortId(containerId),
            request.runId());
        return Optional.of(execution);
      } catch (RuntimeException e) {
        throw startFailed(containerId, slug, log, e);
      }
    }
    if (Boolean.TRUE.equals(state.getRunning())) {
      LogSink log =
          openAppending(
              logFile, request, marker(now, "output while it was down is not in this log"));
      try {
        attach(containerId, log, slug);
      } catch (RuntimeException e) {
        log.finish();
        closeQuietly(log);
        // It may have exited between the inspection and the attach: then it is an exited one.
        Optional<ContainerState> again = inspect(containerId, request);
        if (again.isEmpty() || "removing".equals(again.get().getStatus())) {
          return Optional.empty();
        }
        if (Boolean.TRUE.equals(again.get().getRunning())) {
          throw e instanceof EngineException ee
              ? ee
              : failures.failed("attaching to the output of model " + slug, e);
        }
        return Optional.of(superviseExited(containerId, request, again.get(), Instant.now()));
      }
      WaitCallback wait = new WaitCallback();
      try {
        client.waitContainerCmd(containerId).exec(wait);
      } catch (RuntimeException e) {
        log.finish();
        closeQuietly(log);
        throw failures.failed("waiting for container " + shortId(containerId), e);
      }
      Duration running = Duration.between(startedAt(state, now), now);
      long startNanos = System.nanoTime() - Math.max(0, running.toNanos());
      DockerExecution execution =
          new DockerExecution(
              client, containerId, slug, request.limits(), log, wait, executor, startNanos);
      LOG.info(
          "Reattached to model {} in container {} (run {}), running for {}",
          slug,
          shortId(containerId),
          request.runId(),
          Durations.human(running.isNegative() ? Duration.ZERO : running));
      return Optional.of(supervise(execution));
    }
    return Optional.of(superviseExited(containerId, request, state, now));
  }

  private DockerExecution superviseExited(
      String containerId, ExecutionRequest request, ContainerState state, Instant now) {
    String slug = request.launch().slug();
    int exitCode = state.getExitCodeLong() == null ? -1 : state.getExitCodeLong().intValue();
    Instant started = startedAt(state, now);
    Instant finished = parseInstant(state.getFinishedAt());
    Duration ran =
        finished == null || finished.isBefore(started)
            ? Duration.ZERO
            : Duration.between(started, finished);
    LogSink log =
        openAppending(
            request.workspace().containerLog(),
            request,
            marker(
                now,
                "the model had exited with code "
                    + exitCode
                    + (finished == null ? "" : " at " + finished)
                    + "; its output while the runner was down is not in this log"));
    log.finish();
    closeQuietly(log); // no stream to wait for
    WaitCallback wait = new WaitCallback();
    wait.exited(exitCode);
    DockerExecution execution =
        new DockerExecution(
            client,
            containerId,
            slug,
            request.limits(),
            log,
            wait,
            executor,
            System.nanoTime() - ran.toNanos());
    if (ran.compareTo(request.limits().deadline()) >= 0) {
      execution.presumeKilledAtDeadline();
    }
    LOG.info(
        "Model {} in container {} (run {}) exited with code {} while no runner supervised it",
        slug,
        shortId(containerId),
        request.runId(),
        exitCode);
    return supervise(execution);
  }

  /** Attaches {@code log}, starts the container and hands it to a supervisor. */
  private DockerExecution startAndSupervise(
      String containerId, ExecutionRequest request, LogSink log) {
    String slug = request.launch().slug();
    attach(containerId, log, slug);
    WaitCallback wait = new WaitCallback();
    long startNanos = System.nanoTime();
    client.startContainerCmd(containerId).exec();
    client.waitContainerCmd(containerId).exec(wait);
    return supervise(
        new DockerExecution(
            client, containerId, slug, request.limits(), log, wait, executor, startNanos));
  }

  private DockerExecution supervise(DockerExecution execution) {
    executor.execute(execution::supervise);
    return execution;
  }

  private EngineException startFailed(
      String containerId, String slug, LogSink log, RuntimeException e) {
    if (log != null) {
      log.finish();
      closeQuietly(log);
    }
    removeQuietly(containerId);
    return e instanceof EngineException ee
        ? ee
        : failures.failed("starting the container of model " + slug, e);
  }

  private Optional<ContainerState> inspect(String containerId, ExecutionRequest request) {
    try {
      return Optional.ofNullable(client.inspectContainerCmd(containerId).exec().getState());
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      throw failures.failed(
          "inspecting container " + shortId(containerId) + " of run " + request.runId(), e);
    }
  }

  private LogSink openAppending(Path file, ExecutionRequest request, String firstLine) {
    try {
      return LogSink.appending(file, request.limits().logCapBytes(), tailLines, firstLine);
    } catch (IOException e) {
      throw new EngineException(
          "cannot open the log file " + file + " of model " + request.launch().slug(), e);
    }
  }

  private static String marker(Instant now, String what) {
    return "--- model-runner: runner restarted at " + now + "; " + what + " ---";
  }

  private static Instant startedAt(ContainerState state, Instant fallback) {
    Instant started = parseInstant(state.getStartedAt());
    return started == null ? fallback : started;
  }

  /** An engine timestamp; null when absent or the zero time ({@code 0001-01-01T00:00:00Z}). */
  private static Instant parseInstant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      Instant instant = Instant.parse(text);
      return instant.getEpochSecond() <= 0 ? null : instant;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Creates the container for {@code request} without starting it. {@link #launch} starts it at
   * once; public so that a test can play a runner that stopped after creating it.
   */
  public String create(
      ExecutionRequest request, ModelIdentity identity, Map<String, String> labels) {
    ExecutionLimits limits = request.limits();
    Workspace ws = request.workspace();
    HostConfig host =
        HostConfig.newHostConfig()
            .withBinds(
                new Bind(absolute(ws.input()), new Volume(INPUT_MOUNT), AccessMode.ro),
                new Bind(absolute(ws.output()), new Volume(OUTPUT_MOUNT), AccessMode.rw),
                new Bind(absolute(ws.log()), new Volume(LOG_MOUNT), AccessMode.rw))
            .withNetworkMode(limits.network() ? "bridge" : "none")
            .withReadonlyRootfs(limits.readOnlyRootFs())
            .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=" + limits.tmpfsBytes()))
            .withCapDrop(Capability.ALL)
            .withSecurityOpts(List.of("no-new-privileges"))
            .withMemory(limits.memoryBytes())
            .withMemorySwap(limits.memoryBytes())
            .withNanoCPUs(limits.nanoCpus())
            .withPidsLimit(limits.pidsLimit())
            // The runner keeps the log itself (streamed, capped): the engine stores none.
            .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE));
    CreateContainerCmd create =
        client
            .createContainerCmd(identity.id())
            .withHostConfig(host)
            .withLabels(labels)
            .withEnv(environment(request.launch().environment()))
            .withAttachStdout(true)
            .withAttachStderr(true)
            .withTty(false);
    if (limits.user() != null && !limits.user().isBlank()) {
      create.withUser(limits.user());
    }
    try {
      return create.exec().getId();
    } catch (RuntimeException e) {
      throw failures.failed(
          "creating the container of model " + request.launch().slug() + " from " + identity.id(),
          e);
    }
  }

  private void attach(String containerId, LogSink log, String slug) {
    client
        .attachContainerCmd(containerId)
        .withStdOut(true)
        .withStdErr(true)
        .withFollowStream(true)
        .withLogs(false)
        .exec(log);
    try {
      if (!log.awaitAttachedOrFailed(ATTACH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new EngineException(
            "Docker engine did not attach to the output of model "
                + slug
                + " within "
                + ATTACH_TIMEOUT_SECONDS
                + "s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while attaching to model " + slug, e);
    }
    if (log.streamFailure() != null) {
      throw failures.failed(
          "attaching to the output of model " + slug, new RuntimeException(log.streamFailure()));
    }
  }

  /**
   * Creates the folders and makes output and log writable for any container user: the container
   * runs without {@code CAP_DAC_OVERRIDE}, so even its root may not write to a folder owned by the
   * runner's user.
   */
  private static void prepareWorkspace(Workspace ws, String slug) {
    try {
      Files.createDirectories(ws.input());
      for (Path dir : List.of(ws.output(), ws.log())) {
        Files.createDirectories(dir);
        try {
          Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (UnsupportedOperationException ignored) {
          // not a POSIX file system: the engine maps permissions itself
        }
      }
    } catch (IOException e) {
      throw new EngineException(
          "cannot prepare the workspace " + ws.root() + " of model " + slug + ": " + e, e);
    }
  }

  /** Creates {@code log/} when it is missing, writable for any container user. */
  private static void createLogFolder(Workspace ws, String slug) {
    try {
      if (!Files.isDirectory(ws.log())) {
        Files.createDirectories(ws.log());
        try {
          Files.setPosixFilePermissions(ws.log(), PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (UnsupportedOperationException ignored) {
          // not a POSIX file system
        }
      }
    } catch (IOException e) {
      throw new EngineException(
          "cannot create the log folder " + ws.log() + " of model " + slug + ": " + e, e);
    }
  }

  private LogSink openLog(Path file, long capBytes, String slug) {
    try {
      return new LogSink(file, capBytes, tailLines);
    } catch (IOException e) {
      throw new EngineException("cannot open the log file " + file + " of model " + slug, e);
    }
  }

  private static List<String> environment(Map<String, String> env) {
    Map<String, String> sorted = new LinkedHashMap<>();
    env.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }

  private static String absolute(Path path) {
    return path.toAbsolutePath().normalize().toString();
  }

  private void removeQuietly(String containerId) {
    try {
      client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
    } catch (RuntimeException e) {
      LOG.error(
          "Cannot remove container {} after a failed start: {}",
          shortId(containerId),
          Throwables.rootMessage(e));
    }
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  private static void closeQuietly(LogSink sink) {
    try {
      sink.close();
    } catch (IOException ignored) {
      // closing the stream only
    }
  }
}
