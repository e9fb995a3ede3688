package io.modelrunner.core.engine.docker.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Locale;
import java.util.Set;
import org.apiguardian.api.API;

/** The registry host a {@code config.json} key names, and the server address a helper is asked. */
@API(status = INTERNAL, since = "0.1.0")
public final class RegistryHosts {
  /** Docker Hub's host in image references. */
  public static final String DOCKER_HUB = "docker.io";

  /** The server address the Docker CLI stores Docker Hub's credentials under. */
  public static final String DOCKER_HUB_ADDRESS = "https://index.docker.io/v1/";

  private static final Set<String> DOCKER_HUB_ALIASES =
      Set.of("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");

  private RegistryHosts() {}

  /**
   * {@code registry.example.org:5000} for {@code https://registry.example.org:5000/v2/}, {@code
   * docker.io} for any of Docker Hub's addresses; lower case.
   */
  public static String host(String key) {
    String host = key.strip();
    int scheme = host.indexOf("://");
    if (scheme >= 0) {
      host = host.substring(scheme + 3);
    }
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    host = host.toLowerCase(Locale.ROOT);
    return DOCKER_HUB_ALIASES.contains(host) ? DOCKER_HUB : host;
  }

  /** What the Docker CLI passes a credential helper for {@code host}. */
  public static String serverAddress(String host) {
    return DOCKER_HUB.equals(host) ? DOCKER_HUB_ADDRESS : host;
  }
}
