package io.modelrunner.engine.slurm.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.process.ProcessEngine;
import io.modelrunner.engine.slurm.SlurmEngineConfig;
import io.modelrunner.engine.slurm.SlurmException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits a run's job and finds it again: the job folder ({@code jobs/<run id>/} on the shared
 * directory: the run's bundle, Slurm's output file {@code job.out}, and {@code job.json} with the
 * job id), the job's options, and the hand-over of the run's folders to the job user.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class SlurmJobs {
  private static final Logger LOG = LoggerFactory.getLogger(SlurmJobs.class);

  /** Options a catalog entry or the engine's defaults may set, and whether each is a number. */
  private static final Map<String, Boolean> OPTIONS =
      Map.ofEntries(
          Map.entry("partition", false),
          Map.entry("account", false),
          Map.entry("qos", false),
          Map.entry("reservation", false),
          Map.entry("constraints", false),
          Map.entry("nice", true),
          Map.entry("gres", false),
          Map.entry("gpus", false),
          Map.entry("licenses", false),
          Map.entry("wckey", false),
          Map.entry("exclusive", false));

  private static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final SlurmEngineConfig config;
  private final SlurmRestV0038 rest;
  private final JobUser user;
  private final Bundles bundles;
  private final ObjectMapper json;
  private final DockerClient docker;

  /**
   * @param docker the client that unpacks images; null when only commands can run
   */
  public SlurmJobs(
      SlurmEngineConfig config,
      SlurmRestV0038 rest,
      JobUser user,
      Bundles bundles,
      ObjectMapper json,
      DockerClient docker) {
    this.docker = docker;
    this.config = config;
    this.rest = rest;
    this.user = user;
    this.bundles = bundles;
    this.json = json;
  }

  public Bundles bundles() {
    return bundles;
  }

  /** The comment that marks the jobs of runner {@code runnerId}. */
  public static String comment(String runnerId) {
    return "model-runner:" + runnerId;
  }

  /** Refuses options Slurm's job submission does not take here, naming those it does. */
  public static void checkOptions(Map<String, String> options, String where) {
    for (Map.Entry<String, String> option : options.entrySet()) {
      Boolean numeric = OPTIONS.get(option.getKey());
      if (numeric == null) {
        throw new EngineException(
            where
                + ": unknown Slurm option \""
                + option.getKey()
                + "\"; known: "
                + String.join(", ", new TreeSet<>(OPTIONS.keySet())));
      }
      if (numeric && !option.getValue().matches("-?[0-9]{1,9}")) {
        throw new EngineException(
            where
                + ": Slurm option \""
                + option.getKey()
                + "\" must be a whole number, not \""
                + option.getValue()
                + "\"");
      }
    }
  }

  /**
   * Submits the job of {@code request} and has {@code supervisors} supervise it (an executor that
   * drops the task plays a runner that stopped right after submitting).
   */
  public ModelExecution submit(
      ExecutionRequest request, ModelIdentity identity, Executor supervisors) {
    ModelLaunch launch = request.launch();
    Path folder = folder(request.runId());
    boolean container = identity.id().startsWith("sha256:");
    ObjectNode submission;
    JobLog log;
    try {
      Bundles.deleteTree(folder);
      Files.createDirectories(folder);
      user.own(folder);
      handOver(request);
      List<String> env = new ArrayList<>();
      String script;
      if (container) {
        Bundles.ImageBundle image =
            bundles.image(dockerOrFail(), identity.id(), identity.reference());
        env.addAll(image.config().env());
        launch.environment().forEach((k, v) -> env.add(k + "=" + v));
        env.add("MODEL_RUN_ID=" + request.runId());
        bundles.forRun(
            image, folder.resolve("bundle"), OciConfig.of(image.config(), request, env, user));
        script =
            JobScript.container(
                request.runId(), launch.slug(), image.config().argv(), image.config().workingDir());
      } else {
        env.add("PATH=" + DEFAULT_PATH);
        launch.environment().forEach((k, v) -> env.add(k + "=" + v));
        env.add(ProcessEngine.INPUT_DIR_ENV + "=" + request.workspace().input().toAbsolutePath());
        env.add(ProcessEngine.OUTPUT_DIR_ENV + "=" + request.workspace().output().toAbsolutePath());
        env.add(ProcessEngine.LOG_DIR_ENV + "=" + request.workspace().log().toAbsolutePath());
        env.add("MODEL_RUN_ID=" + request.runId());
        script =
            JobScript.command(
                request.runId(),
                launch.slug(),
                launch.command(),
                request.workspace().root().toAbsolutePath().toString());
      }
      submission = rest.newSubmission(script);
      fill((ObjectNode) submission.get("job"), request, env, folder, container);
      log =
          JobLog.open(
              folder.resolve("job.out"),
              request.workspace().containerLog(),
              request.limits().logCapBytes());
    } catch (IOException e) {
      throw new EngineException(
          "cannot prepare the Slurm job of run " + request.runId() + " in " + folder + ": " + e, e);
    }
    long jobId = rest.submit(submission);
    try {
      ObjectNode record = json.createObjectNode();
      record.put("jobId", jobId).put("runId", request.runId()).put("runner", config.runnerId());
      Files.writeString(folder.resolve("job.json"), record.toString());
    } catch (IOException e) {
      LOG.warn("Cannot record Slurm job {} of run {}: {}", jobId, request.runId(), e.toString());
    }
    LOG.info("Run {}: submitted Slurm job {} ({})", request.runId(), jobId, launch.slug());
    return supervise(jobId, request, log, supervisors);
  }

  /** The execution of {@code request}'s job, when Slurm still knows it. */
  public Optional<ModelExecution> reattach(ExecutionRequest request, Executor supervisors) {
    Path folder = folder(request.runId());
    Optional<Long> jobId = recordedJob(folder);
    if (jobId.isEmpty()) {
      jobId = jobNamed(request.runId());
    }
    if (jobId.isEmpty()) {
      LOG.info("Run {}: no Slurm job to reattach to", request.runId());
      return Optional.empty();
    }
    Optional<SlurmJob> job = rest.job(jobId.get());
    if (job.isEmpty() || !job.get().name().equals(request.runId())) {
      LOG.warn(
          "Run {}: Slurm no longer knows its job {}; its outcome is unknown",
          request.runId(),
          jobId.get());
      return Optional.empty();
    }
    JobLog log;
    try {
      log =
          JobLog.open(
              folder.resolve("job.out"),
              request.workspace().containerLog(),
              request.limits().logCapBytes());
    } catch (IOException e) {
      throw new EngineException(
          "cannot reopen the log of run " + request.runId() + ": " + e.getMessage(), e);
    }
    LOG.info(
        "Run {}: reattached to Slurm job {} ({})", request.runId(), jobId.get(), job.get().state());
    return Optional.of(supervise(jobId.get(), request, log, supervisors));
  }

  private ModelExecution supervise(
      long jobId, ExecutionRequest request, JobLog log, Executor supervisors) {
    Path folder = folder(request.runId());
    SlurmExecution execution =
        new SlurmExecution(
            rest,
            jobId,
            request,
            log,
            config.pollInterval(),
            request.launch().scheduling().rerunOnNodeLoss(),
            () -> {
              try {
                Bundles.deleteTree(folder);
              } catch (IOException e) {
                LOG.warn("Cannot delete the job folder {}: {}", folder, e.toString());
              }
            });
    supervisors.execute(execution::supervise);
    return execution;
  }

  private void fill(
      ObjectNode job, ExecutionRequest request, List<String> env, Path folder, boolean container) {
    ExecutionLimits limits = request.limits();
    job.put("name", request.runId());
    ObjectNode environment = job.putObject("environment");
    for (String pair : env) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        environment.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    job.put("current_working_directory", folder.toString());
    job.put("standard_output", folder.resolve("job.out").toString());
    job.put("time_limit", limits.deadline().plusSeconds(59).toMinutes() + 1);
    job.put("memory_per_node", Math.max(1, (limits.memoryBytes() + (1 << 20) - 1) >> 20));
    job.put("cpus_per_task", Math.max(1, (limits.nanoCpus() + 999_999_999L) / 1_000_000_000L));
    job.put("tasks", 1);
    job.put("comment", comment(config.runnerId()));
    if (request.launch().scheduling().rerunOnNodeLoss()) {
      job.put("requeue", true); // slurmrestd 22.05 ignores false: the supervisor handles that
    }
    if (container) {
      job.put("container", folder.resolve("bundle").toString());
    }
    Map<String, String> options = new TreeMap<>(config.defaults());
    options.putAll(request.launch().scheduling().options());
    checkOptions(options, "the Slurm options of run " + request.runId());
    for (Map.Entry<String, String> option : options.entrySet()) {
      if (OPTIONS.get(option.getKey())) {
        job.put(option.getKey(), Long.parseLong(option.getValue()));
      } else {
        job.put(option.getKey(), option.getValue());
      }
    }
  }

  /** Gives the run's folders to the job user: it reads input/, writes output/ and log/. */
  private void handOver(ExecutionRequest request) throws IOException {
    for (Path dir :
        List.of(
            request.workspace().input(), request.workspace().output(), request.workspace().log())) {
      Files.createDirectories(dir);
      user.own(dir);
    }
    Path input = request.workspace().inputFile();
    if (Files.exists(input)) {
      user.own(input);
    }
  }

  private Optional<Long> recordedJob(Path folder) {
    Path record = folder.resolve("job.json");
    if (!Files.isRegularFile(record)) {
      return Optional.empty();
    }
    try {
      JsonNode node = json.readTree(record.toFile());
      return node.hasNonNull("jobId") ? Optional.of(node.get("jobId").asLong()) : Optional.empty();
    } catch (IOException e) {
      LOG.warn("Cannot read {}: {}", record, e.toString());
      return Optional.empty();
    }
  }

  /** The newest job named {@code runId} with this runner's comment, among those Slurm lists. */
  private Optional<Long> jobNamed(String runId) {
    try {
      return rest.jobs().stream()
          .filter(j -> j.name().equals(runId))
          .filter(j -> j.comment().equals(comment(config.runnerId())))
          .map(SlurmJob::id)
          .max(Long::compare);
    } catch (SlurmException e) {
      throw new EngineException(
          "cannot list the Slurm jobs to find run " + runId + ": " + e.getMessage(), e);
    }
  }

  private Path folder(String runId) {
    return config.sharedDirectory().resolve("jobs").resolve(runId);
  }

  private DockerClient dockerOrFail() {
    if (docker == null) {
      throw new EngineException(
          "the Slurm engine unpacks images with a Docker engine, and none is configured");
    }
    return docker;
  }
}
