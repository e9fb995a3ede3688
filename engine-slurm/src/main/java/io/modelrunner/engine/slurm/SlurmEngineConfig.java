package io.modelrunner.engine.slurm;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.core.engine.docker.DockerEngineConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * How the {@link SlurmEngine} reaches the cluster. The configuration keys are {@code slurm.*}
 * (docs/configuration.md).
 *
 * @param url slurmrestd's base URL, e.g. {@code http://slurm-head:6820} ({@code slurm.url})
 * @param user the Slurm user the jobs are submitted as and run as ({@code slurm.user}): a service
 *     account, never {@code root}
 * @param token the JWT of {@code user} ({@code slurm.token} or {@code slurm.token-file})
 * @param sharedDirectory a directory every compute node mounts at the same path ({@code
 *     slurm.shared-directory}): the unpacked images ({@code bundles/}) and each run's job folder
 *     ({@code jobs/<run id>/}) go there; the runner's work directory must be on a shared file
 *     system too, since the jobs read and write the run's workspace
 * @param defaults job options for every model unless its catalog entry's {@code "slurm"} object
 *     says otherwise ({@code slurm.partition}, {@code slurm.account}, {@code slurm.qos})
 * @param pollInterval how often a running job's state is asked for ({@code slurm.poll-interval}); a
 *     cancel or the deadline does not wait for it
 * @param runnerId written into each job's comment ({@code model-runner:<runnerId>}), to tell this
 *     runner's jobs apart
 * @param docker the Docker engine whose images are unpacked into bundles; null: only models with a
 *     catalog {@code command} can run
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record SlurmEngineConfig(
    URI url,
    String user,
    SlurmToken token,
    Path sharedDirectory,
    Map<String, String> defaults,
    Duration pollInterval,
    String runnerId,
    DockerEngineConfig docker) {

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

  public SlurmEngineConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(sharedDirectory, "sharedDirectory");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(runnerId, "runnerId");
    if (user.isBlank()) {
      throw new IllegalArgumentException("slurm.user is empty");
    }
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("slurm.url must be an http or https URL: " + url);
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("slurm.poll-interval must be positive: " + pollInterval);
    }
    defaults =
        java.util.Collections.unmodifiableMap(
            new TreeMap<>(defaults == null ? Map.of() : defaults));
    sharedDirectory = sharedDirectory.toAbsolutePath().normalize();
  }

  /** A configuration with no default job options, the default poll interval and no Docker. */
  public static SlurmEngineConfig of(
      URI url, String user, SlurmToken token, Path sharedDirectory, String runnerId) {
    return new SlurmEngineConfig(
        url, user, token, sharedDirectory, Map.of(), DEFAULT_POLL_INTERVAL, runnerId, null);
  }

  public SlurmEngineConfig withDefaults(Map<String, String> value) {
    return new SlurmEngineConfig(
        url, user, token, sharedDirectory, value, pollInterval, runnerId, docker);
  }

  public SlurmEngineConfig withPollInterval(Duration value) {
    return new SlurmEngineConfig(
        url, user, token, sharedDirectory, defaults, value, runnerId, docker);
  }

  public SlurmEngineConfig withDocker(DockerEngineConfig value) {
    return new SlurmEngineConfig(
        url, user, token, sharedDirectory, defaults, pollInterval, runnerId, value);
  }
}
