package io.modelrunner.benchmarks.slurm;

import io.modelrunner.benchmarks.report.Requirement;
import io.modelrunner.benchmarks.service.BenchImages;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Slurm cluster the suite measures, as {@code bash .ci/slurm.sh} describes it in the
 * environment ({@value #URL}, {@value #USER}, {@value #TOKEN_FILE}, {@value #SHARED_DIR}), and
 * where its {@code oci.conf} keeps runc's state for the job user.
 *
 * @param url slurmrestd's base URL
 * @param user the job user (submits and runs the jobs, rootless runc's owner)
 * @param tokenFile that user's JWT
 * @param sharedDirectory the engine's shared directory (bundles, job folders, the workspaces)
 * @param runcRoot runc's {@code --root} for the job user: one folder per container
 */
record SlurmClusterEnv(URI url, String user, Path tokenFile, Path sharedDirectory, Path runcRoot) {
  static final String URL = "MODEL_RUNNER_TEST_SLURM_URL";
  static final String USER = "MODEL_RUNNER_TEST_SLURM_USER";
  static final String TOKEN_FILE = "MODEL_RUNNER_TEST_SLURM_TOKEN_FILE";
  static final String SHARED_DIR = "MODEL_RUNNER_TEST_SLURM_SHARED_DIR";

  /** The runc root of {@code .ci/slurm.sh}'s oci.conf, per user; {@code --slurm-runc-root}. */
  static final String RUNC_ROOT = "/run/model-runner-runc";

  static final String START =
      "run `while read -r v; do export \"$v\"; done < <(bash .ci/slurm.sh)` first (as root; it"
          + " installs and starts munge, slurmctld, slurmd, slurmrestd and runc)";

  /**
   * The cluster of {@code env}; {@code runcRoot} overrides {@value #RUNC_ROOT}/USER.
   *
   * @throws IllegalStateException naming what is missing
   */
  static SlurmClusterEnv from(Map<String, String> env, String runcRoot) {
    List<String> missing = new ArrayList<>();
    for (String name : List.of(URL, USER, TOKEN_FILE, SHARED_DIR)) {
      if (env.get(name) == null || env.get(name).isBlank()) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "the Slurm suite needs " + String.join(", ", missing) + ": " + START);
    }
    String user = env.get(USER).strip();
    Path root =
        runcRoot == null || runcRoot.isBlank()
            ? Path.of(RUNC_ROOT, user)
            : Path.of(runcRoot.strip());
    SlurmClusterEnv cluster =
        new SlurmClusterEnv(
            URI.create(env.get(URL).strip()),
            user,
            Path.of(env.get(TOKEN_FILE).strip()),
            Path.of(env.get(SHARED_DIR).strip()),
            root);
    if (!Files.isReadable(cluster.tokenFile())) {
      throw new IllegalStateException(
          "cannot read the Slurm token file "
              + cluster.tokenFile()
              + " ("
              + TOKEN_FILE
              + "): "
              + START);
    }
    if (!Files.isDirectory(cluster.sharedDirectory())) {
      throw new IllegalStateException(
          "the shared directory "
              + cluster.sharedDirectory()
              + " ("
              + SHARED_DIR
              + ") does not exist: "
              + START);
    }
    if (!Files.isDirectory(cluster.runcRoot())) {
      throw new IllegalStateException(
          "runc's state folder for "
              + user
              + ", "
              + cluster.runcRoot()
              + ", does not exist: the suite finds the jobs' containers there (the RunTimeRun"
              + " --root of /etc/slurm/oci.conf; --slurm-runc-root DIR for another)");
    }
    return cluster;
  }

  /** What the suite needs besides the variables, each checked before anything runs. */
  static List<Requirement> requirements() {
    return List.of(
        new Requirement(
            "the Slurm cluster's variables " + String.join(", ", URL, USER, TOKEN_FILE, SHARED_DIR),
            List.of(
                "sh",
                "-c",
                "[ -n \"${"
                    + URL
                    + ":-}\" ] && [ -n \"${"
                    + USER
                    + ":-}\" ] && [ -r \"${"
                    + TOKEN_FILE
                    + ":-/nonexistent}\" ] && [ -d \"${"
                    + SHARED_DIR
                    + ":-/nonexistent}\" ]"),
            START),
        new Requirement(
            "Slurm's commands (sbatch, scancel, scontrol), runc and runuser, as root",
            List.of(
                "sh",
                "-c",
                "command -v sbatch && command -v scancel && command -v scontrol"
                    + " && command -v runc && command -v runuser && [ \"$(id -u)\" = 0 ]"),
            "Debian: apt-get install slurm-client runc util-linux; run the harness as root (the"
                + " raw baseline submits as the job user with runuser, as the runner hands its"
                + " files to that user)"),
        new Requirement("slurmctld answering (scontrol ping)", List.of("scontrol", "ping"), START),
        new Requirement(
            "slurmrestd answering at $" + URL,
            List.of("sh", "-c", "curl -s -o /dev/null \"${" + URL + "}/openapi/v3\""),
            START),
        new Requirement(
            "a Docker engine with the image " + BenchImages.BASE + " (the engine unpacks images)",
            List.of("docker", "image", "inspect", BenchImages.BASE),
            "start Docker and build the base image (.ci/docker-setup.sh)"));
  }
}
