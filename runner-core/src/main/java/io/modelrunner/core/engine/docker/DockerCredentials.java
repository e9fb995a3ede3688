package io.modelrunner.core.engine.docker;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.core.engine.docker.internal.CredentialHelpers;
import io.modelrunner.core.engine.docker.internal.DockerConfigCredentials;
import io.modelrunner.core.engine.docker.internal.DockerConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Registry credentials read the way the Docker CLI keeps them, in a {@code config.json}: {@code
 * auths} (base64 {@code user:password} in {@code auth}, or an {@code identitytoken}), {@code
 * credHelpers} (a credential helper per registry) and {@code credsStore} (the helper for every
 * other registry). A helper {@code NAME} is the program {@code docker-credential-NAME} on the
 * {@code PATH}, run with {@code get} and the registry on its standard input, only when an image of
 * that registry is pulled.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class DockerCredentials {
  /** How long a credential helper may take to answer. */
  public static final Duration DEFAULT_HELPER_TIMEOUT = Duration.ofSeconds(30);

  private DockerCredentials() {}

  /**
   * The credentials of {@code configJson}, its helpers found on this process's {@code PATH}.
   *
   * @throws DockerCredentialsException when the file cannot be read or is not a Docker config.json
   */
  public static RegistryCredentials fromDockerConfig(Path configJson) {
    return fromDockerConfig(configJson, System.getenv(), DEFAULT_HELPER_TIMEOUT);
  }

  /**
   * The credentials of {@code configJson}.
   *
   * @param environment where the helpers are looked for ({@code PATH})
   * @param helperTimeout how long a helper may take to answer; it is killed after that
   * @throws DockerCredentialsException when the file cannot be read or is not a Docker config.json
   */
  public static RegistryCredentials fromDockerConfig(
      Path configJson, Map<String, String> environment, Duration helperTimeout) {
    DockerConfigFile file = DockerConfigFile.read(configJson);
    return new DockerConfigCredentials(file, new CredentialHelpers(environment, helperTimeout));
  }

  /**
   * The Docker CLI's own {@code config.json}, when it exists: {@code $DOCKER_CONFIG/config.json}
   * when {@code DOCKER_CONFIG} is set, else {@code ~/.docker/config.json} ({@code HOME}, else the
   * {@code user.home} property).
   */
  public static Optional<Path> defaultConfigFile(Map<String, String> environment) {
    String folder = environment.get("DOCKER_CONFIG");
    Path file;
    if (folder != null && !folder.isBlank()) {
      file = Path.of(folder.strip(), "config.json");
    } else {
      String home = environment.get("HOME");
      if (home == null || home.isBlank()) {
        home = System.getProperty("user.home");
      }
      file = Path.of(home, ".docker", "config.json");
    }
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }
}
