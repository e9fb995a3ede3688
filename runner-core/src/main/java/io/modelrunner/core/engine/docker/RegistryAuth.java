package io.modelrunner.core.engine.docker;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Credentials for pulling images from one registry: a user name and password, or an identity (OAuth
 * refresh) token.
 *
 * @param registry the registry host as it appears in image references ({@code ghcr.io}, {@code
 *     registry.example.org:5000}); {@code docker.io} for Docker Hub
 * @param username the user name (may be empty with an identity token)
 * @param password the password or token (empty with an identity token); never logged
 * @param identityToken the identity token Docker's {@code identitytoken} holds, or null; never
 *     logged
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record RegistryAuth(
    String registry, String username, String password, String identityToken) {
  public RegistryAuth {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (identityToken != null && identityToken.isEmpty()) {
      identityToken = null;
    }
  }

  /** A user name and password (or token used as a password). */
  public RegistryAuth(String registry, String username, String password) {
    this(registry, username, password, null);
  }

  @Override
  public String toString() {
    return "RegistryAuth[registry="
        + registry
        + ", username="
        + username
        + (identityToken == null ? ", password=***" : ", identityToken=***")
        + "]";
  }
}
