package io.modelrunner.app.engine;

import io.modelrunner.engine.slurm.SlurmEngineConfig;
import io.modelrunner.engine.slurm.SlurmToken;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code slurm.*} keys as read, before they are known to be complete: what the Slurm engine
 * needs with {@code engine=slurm}. Empty text and null paths are unset keys. The token never
 * appears in {@link #toString()} or {@link #describe()}.
 *
 * @param url {@code slurm.url}, or null
 * @param user {@code slurm.user}
 * @param token {@code slurm.token} (secret)
 * @param tokenFile {@code slurm.token-file}, or null
 * @param sharedDirectory {@code slurm.shared-directory}, or null
 * @param partition {@code slurm.partition}
 * @param account {@code slurm.account}
 * @param qos {@code slurm.qos}
 * @param pollInterval {@code slurm.poll-interval}
 */
public record SlurmSettings(
    URI url,
    String user,
    String token,
    Path tokenFile,
    Path sharedDirectory,
    String partition,
    String account,
    String qos,
    Duration pollInterval) {

  /** The folder under {@code slurm.shared-directory} that is the default work directory. */
  public static final String WORK_FOLDER = "work";

  public SlurmSettings {
    user = user == null ? "" : user;
    token = token == null ? "" : token;
    partition = partition == null ? "" : partition;
    account = account == null ? "" : account;
    qos = qos == null ? "" : qos;
    pollInterval = pollInterval == null ? SlurmEngineConfig.DEFAULT_POLL_INTERVAL : pollInterval;
  }

  /** No {@code slurm.*} key set: what every engine but {@code slurm} is given. */
  public static SlurmSettings unset() {
    return new SlurmSettings(null, "", "", null, null, "", "", "", null);
  }

  /**
   * What keeps {@code engine=slurm} from starting, one line per key, each naming it: a required key
   * unset, or both {@code slurm.token} and {@code slurm.token-file} set. Empty when complete.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (url == null) {
      problems.add("slurm.url is not set: slurmrestd's base URL, e.g. http://slurm-head:6820");
    }
    if (user.isBlank()) {
      problems.add("slurm.user is not set: the Slurm user the jobs are submitted and run as");
    }
    if (token.isEmpty() && tokenFile == null) {
      problems.add(
          "neither slurm.token nor slurm.token-file is set: the JWT of slurm.user (scontrol token"
              + " username=…), or a file a site job keeps it fresh in");
    } else if (!token.isEmpty() && tokenFile != null) {
      problems.add("both slurm.token and slurm.token-file are set: set one of them");
    }
    if (sharedDirectory == null) {
      problems.add(
          "slurm.shared-directory is not set: a directory every compute node mounts at the same"
              + " path, for the unpacked images and the runs' workspaces");
    }
    return List.copyOf(problems);
  }

  /** The default work directory with {@code engine=slurm}: {@code work} under the shared one. */
  public Path defaultWorkDirectory() {
    return sharedDirectory.resolve(WORK_FOLDER);
  }

  /**
   * Why {@code workDirectory} cannot hold the workspaces of Slurm jobs, or empty: it must be under
   * {@code slurm.shared-directory}, since the jobs read and write the run's workspace on the nodes.
   */
  public Optional<String> workDirectoryProblem(Path workDirectory) {
    Path work = workDirectory.toAbsolutePath().normalize();
    Path shared = sharedDirectory.toAbsolutePath().normalize();
    if (work.startsWith(shared)) {
      return Optional.empty();
    }
    return Optional.of(
        work
            + " is not under slurm.shared-directory ("
            + shared
            + "): Slurm jobs read and write the runs' workspaces there, on every node. Leave it"
            + " unset for "
            + shared.resolve(WORK_FOLDER)
            + ", or choose a folder under "
            + shared);
  }

  /**
   * The engine's configuration.
   *
   * @param runnerId written into each job's comment (the node id, or the CLI process's id)
   * @throws IllegalStateException when {@link #problems()} is not empty
   */
  public SlurmEngineConfig engineConfig(String runnerId) {
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("; ", problems));
    }
    SlurmToken slurmToken = token.isEmpty() ? SlurmToken.fromFile(tokenFile) : SlurmToken.of(token);
    return SlurmEngineConfig.of(url, user, slurmToken, sharedDirectory, runnerId)
        .withDefaults(jobDefaults())
        .withPollInterval(pollInterval);
  }

  /** {@code partition}, {@code account} and {@code qos}, those that are set. */
  public Map<String, String> jobDefaults() {
    Map<String, String> defaults = new LinkedHashMap<>();
    if (!partition.isBlank()) {
      defaults.put("partition", partition.strip());
    }
    if (!account.isBlank()) {
      defaults.put("account", account.strip());
    }
    if (!qos.isBlank()) {
      defaults.put("qos", qos.strip());
    }
    return Collections.unmodifiableMap(defaults);
  }

  /** Where jobs go and as whom, and where the token comes from: never the token. */
  public String describe() {
    return "slurmrestd "
        + (url == null ? "(unset)" : url)
        + " as "
        + (user.isBlank() ? "(unset)" : user)
        + ", token "
        + (!token.isEmpty() ? "(set)" : tokenFile != null ? "from " + tokenFile : "(unset)")
        + ", shared directory "
        + (sharedDirectory == null ? "(unset)" : sharedDirectory)
        + (jobDefaults().isEmpty() ? "" : ", job defaults " + jobDefaults())
        + ", poll interval "
        + pollInterval;
  }

  @Override
  public String toString() {
    return "SlurmSettings[" + describe() + "]";
  }
}
