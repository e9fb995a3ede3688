package io.modelrunner.core.engine.docker;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How to reach the Docker engine and what this runner calls itself.
 *
 * @param dockerHost the engine's address ({@code unix:///var/run/docker.sock}, {@code
 *     tcp://host:2375})
 * @param runnerId this runner instance's id; every container it starts carries it as the label
 *     {@value DockerEngine#RUNNER_LABEL}, so that a restarted runner finds (and reaps) its own
 *     containers
 * @param registries the credentials for pulling images, asked by the registry host of the image
 *     reference ({@link RegistryCredentials#none()} for anonymous pulls)
 * @param connectTimeout how long to wait for a connection to the engine
 * @param pullTimeout how long an image pull may take
 * @param tailLines how many of the model's last log lines an outcome carries
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record DockerEngineConfig(
    String dockerHost,
    String runnerId,
    RegistryCredentials registries,
    Duration connectTimeout,
    Duration pullTimeout,
    int tailLines) {

  /** The engine's address when {@code DOCKER_HOST} is not set. */
  public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_PULL_TIMEOUT = Duration.ofMinutes(30);
  public static final int DEFAULT_TAIL_LINES = 40;

  public DockerEngineConfig {
    Objects.requireNonNull(dockerHost, "dockerHost");
    Objects.requireNonNull(runnerId, "runnerId");
    if (runnerId.isBlank()) {
      throw new IllegalArgumentException("runnerId must not be blank");
    }
    registries = registries == null ? RegistryCredentials.none() : registries;
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(pullTimeout, "pullTimeout");
    if (tailLines < 0) {
      throw new IllegalArgumentException("tailLines must not be negative: " + tailLines);
    }
  }

  /**
   * The defaults for {@code runnerId}, with the engine's address from {@code DOCKER_HOST} in {@code
   * environment} (pass {@code System.getenv()}), else {@value #DEFAULT_DOCKER_HOST}.
   */
  public static DockerEngineConfig fromEnvironment(
      String runnerId, Map<String, String> environment) {
    String host = environment.get("DOCKER_HOST");
    return new DockerEngineConfig(
        host == null || host.isBlank() ? DEFAULT_DOCKER_HOST : host.trim(),
        runnerId,
        RegistryCredentials.none(),
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_PULL_TIMEOUT,
        DEFAULT_TAIL_LINES);
  }

  /** With exactly these credentials, matched by registry host. */
  public DockerEngineConfig withRegistries(List<RegistryAuth> value) {
    return withRegistries(RegistryCredentials.of(value));
  }

  public DockerEngineConfig withRegistries(RegistryCredentials value) {
    return new DockerEngineConfig(
        dockerHost, runnerId, value, connectTimeout, pullTimeout, tailLines);
  }

  public DockerEngineConfig withDockerHost(String value) {
    return new DockerEngineConfig(
        value, runnerId, registries, connectTimeout, pullTimeout, tailLines);
  }
}
