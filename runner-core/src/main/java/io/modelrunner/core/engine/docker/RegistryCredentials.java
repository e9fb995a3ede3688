package io.modelrunner.core.engine.docker;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Where the Docker engine finds the credentials to pull an image from a registry; asked only when
 * an image is missing locally and is pulled.
 */
@FunctionalInterface
@API(status = EXPERIMENTAL, since = "0.1.0")
public interface RegistryCredentials {
  /**
   * The credentials for {@code registry}, or empty to pull anonymously.
   *
   * @param registry the registry host of the image reference ({@code docker.io} for Docker Hub)
   * @throws DockerCredentialsException when the credentials exist but cannot be read (a credential
   *     helper that is missing, fails or does not answer in time)
   */
  Optional<RegistryAuth> find(String registry);

  /** No credentials: every pull is anonymous. */
  static RegistryCredentials none() {
    return registry -> Optional.empty();
  }

  /** The first of {@code auths} whose registry is {@code registry} (ignoring case). */
  static RegistryCredentials of(List<RegistryAuth> auths) {
    List<RegistryAuth> copy = List.copyOf(auths);
    return registry ->
        copy.stream().filter(a -> a.registry().equalsIgnoreCase(registry)).findFirst();
  }

  /** These credentials, else {@code next}'s for a registry these have none for. */
  default RegistryCredentials orElse(RegistryCredentials next) {
    return registry -> {
      Optional<RegistryAuth> found = find(registry);
      return found.isPresent() ? found : next.find(registry);
    };
  }
}
