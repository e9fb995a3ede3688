package io.modelrunner.core.engine.docker.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.modelrunner.core.engine.docker.RegistryAuth;
import io.modelrunner.core.engine.docker.RegistryCredentials;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A Docker {@code config.json}'s credentials, looked up as the Docker CLI does: the registry's
 * {@code credHelpers} helper, else the {@code credsStore} helper, else its {@code auths} entry.
 * Helpers are asked each time (a pull is rare; a rotated credential is then seen).
 */
@API(status = INTERNAL, since = "0.1.0")
public final class DockerConfigCredentials implements RegistryCredentials {
  private final DockerConfigFile config;
  private final CredentialHelpers helpers;

  public DockerConfigCredentials(DockerConfigFile config, CredentialHelpers helpers) {
    this.config = config;
    this.helpers = helpers;
  }

  @Override
  public Optional<RegistryAuth> find(String registry) {
    String host = RegistryHosts.host(registry);
    String helper = config.credHelpers().get(host);
    if (helper != null) {
      return helpers
          .get(helper, "credHelpers." + host + " in " + config.file(), host)
          .map(a -> as(registry, a));
    }
    if (config.credsStore() != null) {
      Optional<RegistryAuth> stored =
          helpers.get(config.credsStore(), "credsStore in " + config.file(), host);
      if (stored.isPresent()) {
        return stored.map(a -> as(registry, a));
      }
    }
    return Optional.ofNullable(config.auths().get(host)).map(a -> as(registry, a));
  }

  private static RegistryAuth as(String registry, RegistryAuth auth) {
    return new RegistryAuth(registry, auth.username(), auth.password(), auth.identityToken());
  }

  @Override
  public String toString() {
    return "credentials of " + config.file();
  }
}
