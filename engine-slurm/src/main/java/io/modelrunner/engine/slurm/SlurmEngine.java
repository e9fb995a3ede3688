package io.modelrunner.engine.slurm;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.docker.DockerClients;
import io.modelrunner.core.engine.docker.DockerEngine;
import io.modelrunner.core.internal.Hashing;
import io.modelrunner.engine.slurm.internal.Bundles;
import io.modelrunner.engine.slurm.internal.JobUser;
import io.modelrunner.engine.slurm.internal.SlurmJob;
import io.modelrunner.engine.slurm.internal.SlurmJobs;
import io.modelrunner.engine.slurm.internal.SlurmRestV0038;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each model as a Slurm job, through slurmrestd ({@code openapi/v0.0.38}), so that a site's
 * queues, fair-share, limits and node-failure handling apply.
 *
 * <ul>
 *   <li>{@link #prepare}: a model with an image gets it unpacked (once per image id, through the
 *       configured Docker engine) into an OCI bundle on the shared directory; its identity is the
 *       image id and digest. A model with only a catalog {@code command} runs that command as the
 *       job, on the node, without a container.
 *   <li>{@link #start}: one batch job per run, named by the run id, with the model's deadline (plus
 *       a minute, as a backstop) as its time limit, its memory and CPUs, the partition, account,
 *       qos and other options of the engine's defaults and the model's catalog {@code "slurm"}
 *       object, {@code requeue} when the model's {@code onNodeLoss} is {@code rerun}, and its
 *       output into the run's job folder on the shared directory ({@code jobs/<run id>/}), copied
 *       into {@code log/container.log} under the log cap. In a container, Slurm runs it with its
 *       own OCI support ({@code --container}), rootless runc as the job's user.
 *   <li>{@link #reattach}: finds the job by the id recorded in its job folder (a restarted runner
 *       supervises it again); a job Slurm no longer knows is never taken for done.
 * </ul>
 *
 * <p>Thread-safe, no static state. Creating the engine does not contact Slurm; {@link #ping()} says
 * whether slurmrestd answers. {@link #close()} cancels the jobs it still supervises.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class SlurmEngine implements ModelEngine {
  public static final String NAME = "slurm";

  private static final Logger LOG = LoggerFactory.getLogger(SlurmEngine.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SlurmEngineConfig config;
  private final SlurmRestV0038 rest;
  private final ExecutorService supervisors;
  private final DockerEngine docker;
  private final DockerClient dockerClient;
  private volatile SlurmJobs jobs;

  public SlurmEngine(SlurmEngineConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.rest = new SlurmRestV0038(config.url(), config.user(), config.token());
    this.supervisors = Executors.newCachedThreadPool(daemonThreads());
    if (config.docker() != null) {
      this.docker = new DockerEngine(config.docker());
      this.dockerClient = DockerClients.create(config.docker(), 8);
    } else {
      this.docker = null;
      this.dockerClient = null;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  public SlurmEngineConfig config() {
    return config;
  }

  /** Whether slurmrestd answers a ping with this engine's token and a controller is up. */
  public boolean ping() {
    try {
      rest.ping();
      return true;
    } catch (RuntimeException e) {
      LOG.debug("slurmrestd at {} does not answer: {}", config.url(), e.toString());
      return false;
    }
  }

  /**
   * Checks that slurmrestd answers, accepts the token and has a controller up.
   *
   * @throws SlurmException saying why not
   */
  public void requireReachable() {
    rest.ping();
  }

  @Override
  public ModelIdentity prepare(ModelLaunch launch) {
    SlurmJobs.checkOptions(launch.scheduling().options(), "model " + launch.slug());
    if (launch.image() != null && docker != null) {
      ModelIdentity image = docker.prepare(launch);
      jobs().bundles().image(dockerClient, image.id(), launch.image());
      return new ModelIdentity(
          NAME, image.reference(), image.id(), image.digest(), image.version());
    }
    if (!launch.command().isEmpty()) {
      return new ModelIdentity(
          NAME, String.join(" ", launch.command()), commandId(launch), null, null);
    }
    if (launch.image() != null) {
      throw new EngineException(
          "model "
              + launch.slug()
              + " runs image "
              + launch.image()
              + ", which the Slurm engine unpacks with a Docker engine, and none is configured"
              + " (DOCKER_HOST); or give the model a catalog \"command\"");
    }
    throw new EngineException(
        "model " + launch.slug() + " has neither an image nor a catalog command to run");
  }

  @Override
  public ModelExecution start(ExecutionRequest request, ModelIdentity identity) {
    if (!NAME.equals(identity.engine())) {
      throw new IllegalArgumentException("not a Slurm model identity: " + identity);
    }
    return jobs().submit(request, identity, supervisors);
  }

  /**
   * Finds the job of run {@code request.runId()}: by the job id its job folder records, else (a
   * runner stopped between submitting and recording) by its name among this runner's jobs.
   *
   * @return empty when there is no such job, or Slurm no longer knows it (its outcome is then
   *     unknown: the run must not be taken for done)
   */
  @Override
  public Optional<ModelExecution> reattach(ExecutionRequest request, ModelIdentity identity) {
    if (!NAME.equals(identity.engine())) {
      throw new IllegalArgumentException("not a Slurm model identity: " + identity);
    }
    return jobs().reattach(request, supervisors);
  }

  /**
   * Cancels the jobs of this engine's {@linkplain SlurmEngineConfig#runnerId() runner} (by their
   * comment {@code model-runner:<runner id>}) that have not ended and whose run id (the job name)
   * is not in {@code liveRunIds}: what a restarted service does with the jobs of runs it will not
   * resume, as the Docker engine reaps orphaned containers. Call it before this runner submits new
   * jobs, or list those runs too.
   *
   * @return the jobs cancelled, as {@code "Slurm job <id> of <run id>"}
   * @throws SlurmException when Slurm cannot be asked
   */
  public List<String> reapOrphans(Set<String> liveRunIds) {
    Objects.requireNonNull(liveRunIds, "liveRunIds");
    String mine = SlurmJobs.comment(config.runnerId());
    List<String> reaped = new ArrayList<>();
    for (SlurmJob job : rest.jobs()) {
      if (mine.equals(job.comment()) && !job.ended() && !liveRunIds.contains(job.name())) {
        rest.cancel(job.id());
        LOG.info("Cancelled Slurm job {} of run {}: no live run owns it", job.id(), job.name());
        reaped.add("Slurm job " + job.id() + " of " + job.name());
      }
    }
    return reaped;
  }

  /** Stops supervising: the jobs still running are cancelled, their outcomes platform errors. */
  @Override
  public void close() {
    supervisors.shutdownNow();
    try {
      if (!supervisors.awaitTermination(100, TimeUnit.SECONDS)) {
        LOG.warn("Some Slurm jobs were still being cancelled when the Slurm engine closed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (docker != null) {
      docker.close();
      try {
        dockerClient.close();
      } catch (IOException e) {
        LOG.warn("Cannot close the Docker client: {}", e.toString());
      }
    }
  }

  /** The job machinery, made on first use (it looks the job user up). */
  private SlurmJobs jobs() {
    SlurmJobs made = jobs;
    if (made == null) {
      synchronized (this) {
        if (jobs == null) {
          JobUser user = JobUser.lookUp(config.user());
          jobs =
              new SlurmJobs(
                  config,
                  rest,
                  user,
                  new Bundles(config.sharedDirectory(), user),
                  JSON,
                  dockerClient);
        }
        made = jobs;
      }
    }
    return made;
  }

  /** A command's identity: its command line, and the executable's content when it is readable. */
  private static String commandId(ModelLaunch launch) {
    var digest = Hashing.sha256();
    digest.update(String.join("\0", launch.command()).getBytes(StandardCharsets.UTF_8));
    Path executable = Path.of(launch.command().get(0));
    if (executable.isAbsolute() && Files.isRegularFile(executable)) {
      try {
        digest.update(Files.readAllBytes(executable));
      } catch (IOException e) {
        // the command line alone identifies it
      }
    }
    return "command-sha256:" + Hashing.hex(digest.digest());
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "slurm-engine-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
