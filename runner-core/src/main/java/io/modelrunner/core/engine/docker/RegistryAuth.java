package io.modelrunner.core.engine.docker;

import java.util.Objects;

/**
 * Credentials for pulling images from one registry.
 *
 * @param registry the registry host as it appears in image references ({@code ghcr.io}, {@code
 *     registry.example.org:5000}); {@code docker.io} for Docker Hub
 * @param username the user name
 * @param password the password or token; never logged
 */
public record RegistryAuth(String registry, String username, String password) {
  public RegistryAuth {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return "RegistryAuth[registry=" + registry + ", username=" + username + ", password=***]";
  }
}
