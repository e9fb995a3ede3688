package io.modelrunner.core.engine.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a sandboxed container for one request, attaches its log sink before starting it (so no
 * output is lost), starts it and hands it to a supervisor. Any failure on the way removes the
 * container and throws an {@link EngineException}.
 */
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
      attach(containerId, log, slug);
      WaitCallback wait = new WaitCallback();
      long startNanos = System.nanoTime();
      client.startContainerCmd(containerId).exec();
      client.waitContainerCmd(containerId).exec(wait);
      DockerExecution execution =
          new DockerExecution(
              client, containerId, slug, request.limits(), log, wait, executor, startNanos);
      executor.execute(execution::supervise);
      LOG.info(
          "Started model {} in container {} (run {})", slug, shortId(containerId), request.runId());
      return execution;
    } catch (RuntimeException e) {
      if (log != null) {
        log.finish();
        closeQuietly(log);
      }
      removeQuietly(containerId);
      throw e instanceof EngineException ee
          ? ee
          : failures.failed("starting the container of model " + slug, e);
    }
  }

  private String create(
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
      if (!log.awaitStarted(ATTACH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
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
          EngineFailures.rootMessage(e));
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
