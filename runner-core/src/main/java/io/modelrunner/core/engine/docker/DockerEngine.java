package io.modelrunner.core.engine.docker;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.docker.internal.ContainerLauncher;
import io.modelrunner.core.engine.docker.internal.EngineFailures;
import io.modelrunner.core.engine.docker.internal.ImageResolver;
import io.modelrunner.core.logging.LogContext;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs connector containers on a real Docker engine (docker-java, Apache HttpClient 5 transport).
 *
 * <p>Each container runs sandboxed as {@link io.modelrunner.core.engine.ExecutionLimits} says, with
 * the workspace's {@code input/} mounted read-only at {@code /data/input}, {@code output/} at
 * {@code /data/output} and {@code log/} at {@code /data/log}, no command arguments, and the labels
 * {@value #RUN_ID_LABEL}, {@value #RUNNER_LABEL} and {@value #MODEL_LABEL}. Its stdout and stderr
 * stream to {@code log/container.log} as they come, capped. Every container is removed before its
 * outcome is known, whatever happened.
 *
 * <p>After a crash of the runner process, a runner with the same {@linkplain
 * DockerEngineConfig#runnerId() runner id} finds the containers the crashed one left: it
 * {@linkplain #reattach reattaches} to those of the runs it resumes and {@linkplain #reapOrphans
 * reaps} the others.
 *
 * <p>Thread-safe, no static state. Creating an engine does not contact the Docker engine; {@link
 * #ping()} says whether it answers. {@link #close()} closes the client.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class DockerEngine implements ModelEngine {
  public static final String NAME = "docker";
  public static final String RUN_ID_LABEL = "io.modelrunner.run-id";
  public static final String RUNNER_LABEL = "io.modelrunner.runner";
  public static final String MODEL_LABEL = "io.modelrunner.model";

  private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);

  private final DockerEngineConfig config;
  private final DockerClient client;
  private final EngineFailures failures;
  private final ExecutorService supervisors;
  private final ImageResolver images;
  private final ContainerLauncher launcher;

  public DockerEngine(DockerEngineConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.client = createClient(config);
    this.failures = new EngineFailures(config.dockerHost());
    this.supervisors = Executors.newCachedThreadPool(daemonThreads("docker-engine-"));
    this.images = new ImageResolver(client, failures, config.registries(), config.pullTimeout());
    this.launcher =
        new ContainerLauncher(
            client, failures, LogContext.carrying(supervisors), config.tailLines());
  }

  @Override
  public String name() {
    return NAME;
  }

  public DockerEngineConfig config() {
    return config;
  }

  /** Whether the Docker engine answers a ping. Never throws. */
  public boolean ping() {
    try {
      client.pingCmd().exec();
      return true;
    } catch (RuntimeException e) {
      LOG.debug("Docker engine at {} does not answer: {}", config.dockerHost(), e.toString());
      return false;
    }
  }

  /**
   * Checks that the Docker engine answers.
   *
   * @throws EngineException saying where the engine was expected, when it does not
   */
  public void requireReachable() {
    try {
      client.pingCmd().exec();
    } catch (RuntimeException e) {
      throw failures.unreachable(e);
    }
  }

  @Override
  public ModelIdentity prepare(ModelLaunch launch) {
    return images.resolve(NAME, launch.slug(), launch.image());
  }

  @Override
  public ModelExecution start(ExecutionRequest request, ModelIdentity identity) {
    if (!NAME.equals(identity.engine())) {
      throw new IllegalArgumentException("not a Docker model identity: " + identity);
    }
    Map<String, String> labels = new HashMap<>(request.labels());
    labels.put(RUN_ID_LABEL, request.runId());
    labels.put(RUNNER_LABEL, config.runnerId());
    labels.put(MODEL_LABEL, request.launch().slug());
    return launcher.launch(request, identity, labels);
  }

  /**
   * Finds the container of run {@code request.runId()} that a previous runner process with this
   * engine's {@linkplain DockerEngineConfig#runnerId() runner id} started (labels {@value
   * #RUN_ID_LABEL} and {@value #RUNNER_LABEL}, in any state) and supervises it again; it is removed
   * at the end, exactly like the container of {@link #start}.
   *
   * <ul>
   *   <li>Running: its output is appended to {@code log/container.log} from now on, after a line
   *       {@code --- model-runner: runner restarted at <instant>; output while it was down is not
   *       in this log ---}. The output the model wrote while no runner was attached is lost for
   *       good: containers use the {@code none} log driver, so the engine kept none of it. The
   *       deadline counts from the container's {@code State.StartedAt} (the engine's clock): past
   *       it, the container is killed at once and the outcome is {@link
   *       io.modelrunner.core.engine.ExecutionOutcome.Kind#TIMED_OUT}.
   *   <li>Exited: the outcome comes from its exit code and out-of-memory flag, as for a fresh
   *       execution; a line saying so is appended to the log.
   *   <li>Created but never started: started now, with its deadline counting from now.
   * </ul>
   *
   * <p>When several containers carry the run id (which the runner never does by itself), the newest
   * is reattached and the others are removed.
   *
   * @return empty when the engine has no such container any more
   * @throws EngineException when the engine is unreachable or fails
   */
  @Override
  public Optional<ModelExecution> reattach(ExecutionRequest request, ModelIdentity identity) {
    if (!NAME.equals(identity.engine())) {
      throw new IllegalArgumentException("not a Docker model identity: " + identity);
    }
    List<ManagedContainer> found =
        list(
            Map.of(RUN_ID_LABEL, request.runId(), RUNNER_LABEL, config.runnerId()),
            "the container of run " + request.runId());
    if (found.isEmpty()) {
      LOG.info(
          "Run {}: no container of runner {} left to reattach to",
          request.runId(),
          config.runnerId());
      return Optional.empty();
    }
    ManagedContainer newest = found.get(found.size() - 1);
    for (ManagedContainer older : found.subList(0, found.size() - 1)) {
      LOG.warn(
          "Run {} has several containers: removing {} and reattaching to the newest, {}",
          request.runId(),
          older.id(),
          newest.id());
      remove(older);
    }
    return launcher.reattach(newest.id(), request).map(ModelExecution.class::cast);
  }

  /**
   * The containers (running or not) that carry the runner label {@code runnerId}, oldest first:
   * after a crash, the containers that runner left.
   */
  public List<ManagedContainer> containers(String runnerId) {
    return list(Map.of(RUNNER_LABEL, runnerId), "the containers of runner " + runnerId);
  }

  private List<ManagedContainer> list(Map<String, String> labelFilter, String what) {
    List<Container> found;
    try {
      found = client.listContainersCmd().withShowAll(true).withLabelFilter(labelFilter).exec();
    } catch (RuntimeException e) {
      throw failures.failed("listing " + what, e);
    }
    List<ManagedContainer> result = new ArrayList<>();
    for (Container c : found) {
      Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
      result.add(
          new ManagedContainer(
              c.getId(),
              labels.get(RUN_ID_LABEL),
              labels.get(MODEL_LABEL),
              c.getState(),
              Instant.ofEpochSecond(c.getCreated() == null ? 0 : c.getCreated())));
    }
    result.sort(Comparator.comparing(ManagedContainer::created));
    return result;
  }

  /**
   * Kills and removes every container that carries the runner label {@code runnerId}: what a
   * restarted runner does with the containers of runs it can no longer finish.
   *
   * @return the containers removed
   */
  public List<ManagedContainer> reap(String runnerId) {
    List<ManagedContainer> removed = new ArrayList<>();
    for (ManagedContainer c : containers(runnerId)) {
      remove(c);
      removed.add(c);
    }
    return removed;
  }

  /**
   * Kills and removes the containers of runner {@code runnerId} whose run id is not in {@code
   * liveRunIds} (and those without a run id): what a restarted service does with the containers of
   * runs it will not {@linkplain #reattach resume}. Call it before this runner starts new runs, or
   * list those runs too: a container started meanwhile for a run id missing from {@code liveRunIds}
   * is removed as well.
   *
   * @param liveRunIds the run ids whose containers to keep
   * @return the containers removed, oldest first
   * @throws EngineException when the engine is unreachable or fails
   */
  public List<ManagedContainer> reapOrphans(String runnerId, Set<String> liveRunIds) {
    Objects.requireNonNull(liveRunIds, "liveRunIds");
    List<ManagedContainer> removed = new ArrayList<>();
    for (ManagedContainer c : containers(runnerId)) {
      if (c.runId() == null || !liveRunIds.contains(c.runId())) {
        remove(c);
        removed.add(c);
      }
    }
    return removed;
  }

  /** Force-removes {@code c}; one already gone counts as removed. */
  private void remove(ManagedContainer c) {
    try {
      client.removeContainerCmd(c.id()).withForce(true).withRemoveVolumes(true).exec();
      LOG.info("Reaped container {} of run {} (model {})", c.id(), c.runId(), c.model());
    } catch (NotFoundException e) {
      // gone already
    } catch (RuntimeException e) {
      throw failures.failed("removing container " + c.id() + " of run " + c.runId(), e);
    }
  }

  /**
   * Stops supervising, which kills and removes the containers still running (their outcomes become
   * platform errors), then closes the client.
   */
  @Override
  public void close() {
    supervisors.shutdownNow();
    try {
      if (!supervisors.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("Some containers were still being removed when the Docker engine closed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      client.close();
    } catch (IOException e) {
      LOG.warn("Cannot close the Docker client: {}", e.toString());
    }
  }

  private static DockerClient createClient(DockerEngineConfig config) {
    return DockerClients.create(config, 256);
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
