package io.modelrunner.engine.slurm;

import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.junit.Requirement;
import io.modelrunner.testkit.junit.Requirements;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The test cluster that {@code bash .ci/slurm.sh} starts, found through the variables it prints:
 * {@value #URL}, {@value #USER}, {@value #TOKEN_FILE}, {@value #SHARED_DIR} and {@value #CTL}.
 */
public final class TestSlurm {
  public static final String URL = "MODEL_RUNNER_TEST_SLURM_URL";
  public static final String USER = "MODEL_RUNNER_TEST_SLURM_USER";
  public static final String TOKEN_FILE = "MODEL_RUNNER_TEST_SLURM_TOKEN_FILE";
  public static final String SHARED_DIR = "MODEL_RUNNER_TEST_SLURM_SHARED_DIR";
  public static final String CTL = "MODEL_RUNNER_TEST_SLURM_CTL";

  /** Where the test cluster's oci.conf keeps runc's state, per user. */
  private static final Path RUNC_ROOT = Path.of("/run/model-runner-runc");

  private final URI url;
  private final String user;
  private final Path tokenFile;
  private final Path sharedDirectory;
  private final String ctl;

  private TestSlurm(URI url, String user, Path tokenFile, Path sharedDirectory, String ctl) {
    this.url = url;
    this.user = user;
    this.tokenFile = tokenFile;
    this.sharedDirectory = sharedDirectory;
    this.ctl = ctl;
  }

  /** The cluster of this environment, or empty with what is missing. */
  public static Optional<TestSlurm> fromEnvironment() {
    Map<String, String> env = System.getenv();
    for (String name : List.of(URL, USER, TOKEN_FILE, SHARED_DIR)) {
      if (env.get(name) == null || env.get(name).isBlank()) {
        return Optional.empty();
      }
    }
    return Optional.of(
        new TestSlurm(
            URI.create(env.get(URL)),
            env.get(USER),
            Path.of(env.get(TOKEN_FILE)),
            Path.of(env.get(SHARED_DIR)),
            env.getOrDefault(CTL, "")));
  }

  /** The cluster; skips the test (fails it with MODEL_RUNNER_REQUIRE_SERVERS=true) without one. */
  public static TestSlurm require() {
    return fromEnvironment()
        .orElseThrow(
            () -> Requirements.fromEnvironment().unmet(Requirement.SERVER, SlurmCluster.MISSING));
  }

  public URI url() {
    return url;
  }

  public String user() {
    return user;
  }

  public Path tokenFile() {
    return tokenFile;
  }

  public Path sharedDirectory() {
    return sharedDirectory;
  }

  /** An engine configuration for this cluster, unpacking images from the test Docker engine. */
  public SlurmEngineConfig config(String runnerId) {
    return SlurmEngineConfig.of(
            url, user, SlurmToken.fromFile(tokenFile), sharedDirectory, runnerId)
        .withDocker(TestDocker.config(runnerId));
  }

  /**
   * A new empty folder on the shared directory that the job user can enter: where a test's
   * workspaces go (a JUnit temporary folder is private to root).
   */
  public Path workDirectory(String name) throws IOException {
    Path dir = sharedDirectory.resolve("test-work").resolve(name + "-" + UUID.randomUUID());
    Files.createDirectories(dir);
    for (Path p = dir; p.startsWith(sharedDirectory); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
      if (p.equals(sharedDirectory)) {
        break;
      }
    }
    return dir;
  }

  /** Runs {@code .ci/slurm.sh ARGS} (e.g. {@code stop-slurmd}); fails when it fails. */
  public String ctl(String... args) throws IOException, InterruptedException {
    if (ctl.isBlank()) {
      throw new IllegalStateException(CTL + " is not set: run bash .ci/slurm.sh");
    }
    List<String> command = new ArrayList<>(List.of("sh", "-c", ctl + " \"$@\"", "slurm-ctl"));
    command.addAll(List.of(args));
    return run(command);
  }

  /** The runc containers of the job user that are still there (running or not). */
  public List<String> runcContainers() throws IOException, InterruptedException {
    Path root = RUNC_ROOT.resolve(user);
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    String out = run(List.of("runc", "--root=" + root, "list", "-q"));
    return out.lines().filter(l -> !l.isBlank()).toList();
  }

  /** The job ids Slurm lists under {@code name} in any state it still remembers. */
  public List<String> jobStates(String name) throws IOException, InterruptedException {
    String out = run(List.of("squeue", "-h", "-t", "all", "-n", name, "-o", "%i %T"));
    return out.lines().filter(l -> !l.isBlank()).toList();
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(command + " did not end within 60 s");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IOException(command + " failed with " + process.exitValue() + ": " + text);
    }
    return text;
  }
}
