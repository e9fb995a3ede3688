package io.modelrunner.benchmarks.slurm;

import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.engine.slurm.internal.Bundles;
import io.modelrunner.engine.slurm.internal.JobScript;
import io.modelrunner.engine.slurm.internal.OciConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: the same job submitted by hand, {@code runuser -u USER -- sbatch --parsable
 * --container=BUNDLE ...}. Its bundle is made before the timing exactly as the engine makes a run's
 * bundle (a hard-link tree of the same unpacked image and {@link OciConfig}'s {@code config.json}
 * for the run's workspace), its batch script is the engine's ({@link JobScript}), its environment
 * the one the engine gives the job, and its options the engine's job fields under the default
 * limits: time limit, memory, CPUs, one task, the job's output file.
 *
 * @param folder the job's folder (bundle, script, {@code job.out})
 * @param command the {@code sbatch} command line
 * @param environment the environment {@code sbatch} runs with (exported into the job)
 */
record RawSbatch(Path folder, List<String> command, List<String> environment) {
  static final String SCRIPT = "job.sh";
  static final String OUTPUT = "job.out";

  /** Makes the job's folder, bundle and script for {@code request}. */
  static RawSbatch prepare(
      SlurmBench bench, Bundles.ImageBundle image, ExecutionRequest request, Path folder)
      throws IOException {
    Files.createDirectories(folder);
    bench.user.own(folder);
    for (Path p :
        List.of(
            request.workspace().input(),
            request.workspace().output(),
            request.workspace().log(),
            request.workspace().inputFile())) {
      bench.user.own(p);
    }
    List<String> env = new ArrayList<>(image.config().env());
    request.launch().environment().forEach((k, v) -> env.add(k + "=" + v));
    env.add("MODEL_RUN_ID=" + request.runId());
    long made = System.nanoTime();
    bench.bundles.forRun(
        image, folder.resolve("bundle"), OciConfig.of(image.config(), request, env, bench.user));
    bench.bundleMade(System.nanoTime() - made);
    Path script = folder.resolve(SCRIPT);
    Files.writeString(
        script,
        JobScript.container(
            request.runId(),
            request.launch().slug(),
            image.config().argv(),
            image.config().workingDir()),
        StandardCharsets.UTF_8);
    bench.user.own(script);
    return new RawSbatch(folder, command(bench.cluster.user(), request, folder), env);
  }

  /** The {@code sbatch} command of {@code request}'s job in {@code folder}, as the job user. */
  static List<String> command(String user, ExecutionRequest request, Path folder) {
    ExecutionLimits limits = request.limits();
    long minutes = limits.deadline().plusSeconds(59).toMinutes() + 1;
    long mebibytes = Math.max(1, (limits.memoryBytes() + (1 << 20) - 1) >> 20);
    long cpus = Math.max(1, (limits.nanoCpus() + 999_999_999L) / 1_000_000_000L);
    return List.of(
        "runuser",
        "-u",
        user,
        "--",
        "sbatch",
        "--parsable",
        "--job-name=" + request.runId(),
        "--container=" + folder.resolve("bundle"),
        "--output=" + folder.resolve(OUTPUT),
        "--chdir=" + folder,
        "--time=" + minutes,
        "--mem=" + mebibytes + "M",
        "--cpus-per-task=" + cpus,
        "--ntasks=1",
        "--comment=model-runner-bench-raw",
        folder.resolve(SCRIPT).toString());
  }

  /** The command as the report shows it. */
  static String shown(List<String> command, Path folder, String runId) {
    return String.join(" ", command).replace(folder.toString(), "$JOB").replace(runId, "$RUN");
  }

  /** Submits the job; returns its id once {@code sbatch} has answered. */
  long submit() throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(folder.toFile());
    pb.environment().clear();
    for (String pair : environment) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        pb.environment().put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    pb.environment()
        .putIfAbsent("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("sbatch did not answer within 60 s: " + command);
    }
    if (p.exitValue() != 0 || !out.matches("[0-9]+(;.*)?")) {
      throw new IOException("sbatch failed (" + p.exitValue() + "): " + out + "; " + command);
    }
    int semicolon = out.indexOf(';');
    return Long.parseLong(semicolon < 0 ? out : out.substring(0, semicolon));
  }

  /** The job's output file so far (empty before it exists). */
  String output() throws IOException {
    Path out = folder.resolve(OUTPUT);
    return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
  }
}
