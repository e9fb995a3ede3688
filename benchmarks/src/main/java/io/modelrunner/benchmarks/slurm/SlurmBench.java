package io.modelrunner.benchmarks.slurm;

import com.github.dockerjava.api.DockerClient;
import io.modelrunner.benchmarks.report.Commands;
import io.modelrunner.benchmarks.report.SuiteContext;
import io.modelrunner.benchmarks.service.BenchImages;
import io.modelrunner.benchmarks.service.RawDocker;
import io.modelrunner.benchmarks.support.CpuTime;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.engine.docker.DockerClients;
import io.modelrunner.core.engine.docker.DockerEngineConfig;
import io.modelrunner.engine.slurm.SlurmEngine;
import io.modelrunner.engine.slurm.SlurmEngineConfig;
import io.modelrunner.engine.slurm.SlurmException;
import io.modelrunner.engine.slurm.SlurmToken;
import io.modelrunner.engine.slurm.internal.Bundles;
import io.modelrunner.engine.slurm.internal.JobUser;
import io.modelrunner.engine.slurm.internal.SlurmJob;
import io.modelrunner.engine.slurm.internal.SlurmRestV0038;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What both parts of the Slurm suite use: the {@link SlurmEngine} under test (default
 * configuration, images unpacked through the local Docker engine), a slurmrestd client of the
 * harness's own (to see when Slurm reports a job ended), the engine's bundle machinery for the raw
 * baseline, and a scratch folder on the shared directory that the job user can enter. Closing it
 * cancels the raw jobs still running, closes the engine (which cancels its own) and deletes the
 * scratch folder.
 */
final class SlurmBench implements AutoCloseable {
  final SlurmClusterEnv cluster;
  final SlurmEngine engine;
  final SlurmRestV0038 rest;
  final JobUser user;
  final Bundles bundles;
  final Path dir;
  final String runnerId;
  private final DockerClient docker;
  private final List<Long> rawJobs = new ArrayList<>();
  private final List<Double> roundTrips = new ArrayList<>();
  private final List<Double> bundleMakes = new ArrayList<>();
  private final List<Double> bundleDeletes = new ArrayList<>();
  private final List<Long> daemons;

  /** A prepared model: its launch, the engine's identity of it and its unpacked image. */
  record Prepared(ModelLaunch launch, ModelIdentity identity, Bundles.ImageBundle image) {}

  private SlurmBench(
      SlurmClusterEnv cluster,
      SlurmEngine engine,
      SlurmRestV0038 rest,
      JobUser user,
      Bundles bundles,
      Path dir,
      String runnerId,
      DockerClient docker,
      List<Long> daemons) {
    this.cluster = cluster;
    this.engine = engine;
    this.rest = rest;
    this.user = user;
    this.bundles = bundles;
    this.dir = dir;
    this.runnerId = runnerId;
    this.docker = docker;
    this.daemons = List.copyOf(daemons);
  }

  static SlurmBench open(SuiteContext ctx) throws IOException, InterruptedException {
    SlurmClusterEnv cluster =
        SlurmClusterEnv.from(System.getenv(), ctx.options().get("slurm-runc-root"));
    BenchImages.build(ctx.workDir().resolve("slurm").resolve("images"));
    String runnerId = "bench-slurm-" + UUID.randomUUID().toString().substring(0, 8);
    DockerEngineConfig dockerConfig = DockerEngineConfig.fromEnvironment(runnerId, System.getenv());
    SlurmToken token = SlurmToken.fromFile(cluster.tokenFile());
    SlurmEngineConfig config =
        SlurmEngineConfig.of(
                cluster.url(), cluster.user(), token, cluster.sharedDirectory(), runnerId)
            .withDocker(dockerConfig);
    SlurmEngine engine = new SlurmEngine(config);
    try {
      engine.requireReachable();
    } catch (SlurmException e) {
      engine.close();
      throw new IllegalStateException(
          "slurmrestd at "
              + cluster.url()
              + " does not answer as "
              + cluster.user()
              + " ("
              + e.getMessage()
              + "): "
              + SlurmClusterEnv.START,
          e);
    }
    JobUser user = JobUser.lookUp(cluster.user());
    Path dir = cluster.sharedDirectory().resolve("bench-work").resolve(runnerId);
    Files.createDirectories(dir);
    for (Path p = dir; !p.equals(cluster.sharedDirectory()); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return new SlurmBench(
        cluster,
        engine,
        new SlurmRestV0038(cluster.url(), cluster.user(), token),
        user,
        new Bundles(cluster.sharedDirectory(), user),
        dir,
        runnerId,
        DockerClients.create(dockerConfig, 2),
        pids("slurmctld", "slurmrestd"));
  }

  /** The pids of the running slurmd daemons (one on this cluster): a new one means a restart. */
  Set<Long> slurmdPids() {
    return Set.copyOf(pids("slurmd"));
  }

  /** Waits until Slurm's node answers (sinfo: idle, mixed, allocated or completing). */
  void awaitNodeUp(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    String state = "";
    while (System.nanoTime() < end) {
      state = Commands.output(List.of("sinfo", "-h", "-N", "-o", "%T"));
      boolean up =
          !state.isBlank()
              && state.lines().allMatch(l -> l.strip().matches("idle|mixed|allocated|completing"));
      if (up && !slurmdPids().isEmpty()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "Slurm's node is not up (sinfo says '"
            + state
            + "') after "
            + timeout
            + ": "
            + SlurmClusterEnv.START);
  }

  /** The pids of the processes whose name ({@code /proc/<pid>/comm}, as pgrep -x) is in names. */
  private static List<Long> pids(String... names) {
    Set<String> wanted = Set.of(names);
    List<Long> pids = new ArrayList<>();
    ProcessHandle.allProcesses()
        .forEach(
            p -> {
              try {
                String comm = Files.readString(Path.of("/proc", Long.toString(p.pid()), "comm"));
                if (wanted.contains(comm.strip())) {
                  pids.add(p.pid());
                }
              } catch (IOException e) {
                // exited meanwhile
              }
            });
    return pids;
  }

  /** Prepares {@code image} with the engine (unpacked once, then cached by image id). */
  Prepared prepare(String slug, String image) {
    ModelLaunch launch = ModelLaunch.image(slug, image);
    ModelIdentity identity = engine.prepare(launch);
    return new Prepared(launch, identity, bundles.image(docker, identity.id(), image));
  }

  /** A run of {@code model} on a fresh workspace (input written) under the default limits. */
  ExecutionRequest request(Prepared model, String runId) throws IOException {
    Workspace ws = Workspace.under(RawDocker.workspace(dir.resolve(runId)));
    return new ExecutionRequest(runId, model.launch(), ws, ExecutionLimits.defaults(), Map.of());
  }

  /** The raw baseline's job for {@code request}, its bundle made as the engine makes one. */
  RawSbatch raw(Prepared model, ExecutionRequest request) throws IOException {
    return RawSbatch.prepare(this, model.image(), request, dir.resolve("raw-" + request.runId()));
  }

  /** Notes a raw job to cancel on close, should the suite stop while it runs. */
  synchronized void submitted(long jobId) {
    rawJobs.add(jobId);
  }

  /**
   * The job as slurmrestd reports it, asked every {@code interval} (after each answer) until it
   * ended; the time the answer saying so arrived.
   */
  Ended awaitEnded(long jobId, Duration interval, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      long asked = System.nanoTime();
      Optional<SlurmJob> job = rest.job(jobId);
      long now = System.nanoTime();
      synchronized (this) {
        roundTrips.add((now - asked) / 1e6);
      }
      if (job.isPresent() && job.get().ended()) {
        return new Ended(now, job.get());
      }
      Thread.sleep(interval.toMillis());
    }
    throw new IllegalStateException("Slurm job " + jobId + " did not end within " + timeout);
  }

  /** Notes how long making a run's bundle took (as the engine makes one, for the raw job). */
  synchronized void bundleMade(long nanos) {
    bundleMakes.add(nanos / 1e6);
  }

  /** How long making the raw jobs' bundles took so far, in ms. */
  synchronized List<Double> bundleMakes() {
    return List.copyOf(bundleMakes);
  }

  /** How long deleting the raw jobs' bundles took so far, in ms. */
  synchronized List<Double> bundleDeletes() {
    return List.copyOf(bundleDeletes);
  }

  /** The round trips of the harness's own {@code GET job/{id}} calls so far, in ms. */
  synchronized List<Double> roundTrips() {
    return List.copyOf(roundTrips);
  }

  /** CPU seconds used so far by slurmctld and slurmrestd (their pids found at the start). */
  double daemonsCpuSeconds() {
    double sum = 0;
    for (long pid : daemons) {
      sum += CpuTime.ownSeconds(pid);
    }
    return sum;
  }

  /** Slurm reported the job ended at {@code nanos} ({@link System#nanoTime()}). */
  record Ended(long nanos, SlurmJob job) {}

  /** Deletes a run's scratch folders (workspace, raw job folder). */
  void delete(String runId) {
    try {
      Bundles.deleteTree(dir.resolve(runId));
      Path raw = dir.resolve("raw-" + runId);
      if (Files.isDirectory(raw.resolve("bundle"))) {
        long t0 = System.nanoTime();
        Bundles.deleteTree(raw.resolve("bundle"));
        long took = System.nanoTime() - t0;
        synchronized (this) {
          bundleDeletes.add(took / 1e6);
        }
      }
      Bundles.deleteTree(raw);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    List<Long> jobs;
    synchronized (this) {
      jobs = List.copyOf(rawJobs);
    }
    for (long job : jobs) {
      try {
        Optional<SlurmJob> j = rest.job(job);
        if (j.isPresent() && !j.get().ended()) {
          rest.cancel(job);
        }
      } catch (RuntimeException e) {
        // best effort: the job's time limit ends it
      }
    }
    engine.close();
    try {
      docker.close();
    } catch (IOException e) {
      // nothing left to do
    }
    try {
      Bundles.deleteTree(dir);
    } catch (IOException e) {
      System.err.println("cannot delete " + dir + ": " + e);
    }
  }
}
