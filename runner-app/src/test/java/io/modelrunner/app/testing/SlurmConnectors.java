package io.modelrunner.app.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Connector images for the end-to-end runs on Slurm, built from the local busybox base image (the
 * Slurm engine unpacks them into bundles): {@link #OK} writes a valid {@code data.json} at once,
 * {@link #FAIL} exits 3, and {@link #GATED} waits until its run's workspace holds {@code
 * input/release} (which the test writes: see {@link #release}), so a test decides when a job ends
 * without sleeping, and then writes a valid {@code data.json}. Also reads Slurm's own view of the
 * jobs ({@code squeue}).
 */
public final class SlurmConnectors {
  public static final String BASE = "local/busybox:1";
  public static final String OK = "model-runner-test/slurm-ok:1";
  public static final String FAIL = "model-runner-test/slurm-fail:1";
  public static final String GATED = "model-runner-test/slurm-gated:1";

  private static final String WRITE_OUTPUT =
      """
      M='[0,1]'
      printf '{"metadata":%s,"time":{"t0":"2020-03-01","timestamps":[0,1],"extent":[0,1]},"aggregate":{"metrics":{"Mild":%s,"ILI":%s,"SARI":%s,"Critical":%s,"CritRecov":%s,"incDeath":%s,"cumMild":%s,"cumILI":%s,"cumSARI":%s,"cumCritical":%s,"cumCritRecov":%s}}}' \\
        "$(cat /data/input/inputFile.json)" $M $M $M $M $M $M $M $M $M $M $M > /data/output/data.json
      """;

  private static boolean built;

  private SlurmConnectors() {}

  /** Builds the three images (once per test JVM). */
  public static synchronized void build() throws IOException, InterruptedException {
    if (built) {
      return;
    }
    image(OK, "#!/bin/sh\nset -e\necho slurm-ok starting\n" + WRITE_OUTPUT);
    image(FAIL, "#!/bin/sh\necho 'about to fail' >&2\nexit 3\n");
    image(
        GATED,
        "#!/bin/sh\nset -e\necho waiting for /data/input/release\ni=0\n"
            + "while [ ! -e /data/input/release ]; do\n"
            + "  i=$((i+1)); if [ $i -gt 1200 ]; then echo 'never released' >&2; exit 4; fi\n"
            + "  sleep 0.1\ndone\necho released\n"
            + WRITE_OUTPUT);
    built = true;
  }

  /** Lets the {@link #GATED} model of run {@code runId} (workspaces under {@code workDir}) end. */
  public static void release(Path workDir, String runId) throws IOException {
    Files.writeString(workDir.resolve(runId).resolve("input").resolve("release"), "go\n");
  }

  /** One job as {@code squeue} shows it. */
  public record Job(long id, String name, String state) {}

  /**
   * The jobs named {@code name} (the Slurm engine names each job after its run id) in every state
   * slurmctld still remembers (completed ones stay for {@code MinJobAge}).
   */
  public static List<Job> jobsNamed(String name) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("squeue", "-h", "-t", "all", "-n", name, "-o", "%i|%j|%T")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("squeue: %s", out).isZero();
    List<Job> jobs = new ArrayList<>();
    for (String line : out.split("\\R")) {
      if (!line.isBlank()) {
        String[] f = line.split("\\|");
        jobs.add(new Job(Long.parseLong(f[0].trim()), f[1].trim(), f[2].trim()));
      }
    }
    return jobs;
  }

  /**
   * Waits until the one job named {@code name} is in {@code state}, or fails after {@code timeout}.
   */
  public static Job awaitJob(String name, String state, Duration timeout)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    List<Job> jobs = List.of();
    while (System.nanoTime() < end) {
      jobs = jobsNamed(name);
      if (jobs.size() == 1 && jobs.get(0).state().equals(state)) {
        return jobs.get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "no single job named " + name + " in state " + state + " within " + timeout + ": " + jobs);
  }

  /** Cancels every job named {@code name} that has not ended (a failed test's leftovers). */
  public static void cancelJobsNamed(String name) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("scancel", "--name=" + name).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("scancel: %s", out).isZero();
  }

  /** The number of CPUs of the cluster's one node, as Slurm counts them. */
  public static int nodeCpus() throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("sinfo", "-h", "-N", "-o", "%c").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(out).as("sinfo: one node").matches("\\d+");
    return Integer.parseInt(out);
  }

  private static void image(String tag, String script) throws IOException, InterruptedException {
    Path context = Files.createTempDirectory("slurm-image");
    Files.writeString(
        context.resolve("Dockerfile"),
        "FROM "
            + BASE
            + "\nCOPY model.sh /model.sh\nRUN chmod 755 /model.sh\nENTRYPOINT [\"/model.sh\"]\n");
    Files.writeString(context.resolve("model.sh"), script);
    Process p =
        new ProcessBuilder("docker", "build", "-q", "-t", tag, context.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("docker build %s: %s", tag, out).isZero();
  }
}
