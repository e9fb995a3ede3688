package io.modelrunner.testkit.docker;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.modelrunner.core.engine.docker.DockerEngineConfig;
import io.modelrunner.testkit.junit.RequiresServer;
import io.modelrunner.testkit.junit.ServerCheck;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The rootful Podman service that {@code .ci/podman.sh} starts, for tests that run the Docker
 * engine against Podman's Docker-compatible API. Its address is in {@value #HOST_VARIABLE}.
 *
 * <pre>{@code
 * @RequiresServer(TestPodman.Available.class)
 * class PodmanRunIT { ... TestPodman.config(runnerId) ... }
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1.0")
public final class TestPodman {
  /** The variable holding the service's address ({@code unix:///run/model-runner-podman.sock}). */
  public static final String HOST_VARIABLE = "MODEL_RUNNER_TEST_PODMAN_HOST";

  /** What makes the service and says its address. */
  public static final String SETUP = "bash .ci/podman.sh";

  private TestPodman() {}

  /** The service's address from {@code environment} (pass {@code System.getenv()}). */
  public static Optional<String> host(Map<String, String> environment) {
    String host = environment.get(HOST_VARIABLE);
    return host == null || host.isBlank() ? Optional.empty() : Optional.of(host.trim());
  }

  /** This process's Podman service address; fails when {@value #HOST_VARIABLE} is not set. */
  public static String host() {
    return host(System.getenv())
        .orElseThrow(() -> new IllegalStateException(HOST_VARIABLE + " is not set: " + howTo()));
  }

  /** The engine configuration of the Podman service, for runner {@code runnerId}. */
  public static DockerEngineConfig config(String runnerId) {
    return TestDocker.config(runnerId).withDockerHost(host());
  }

  /** A test client of the Podman service; close it after use. */
  public static TestDocker client() {
    return new TestDocker(config("test-podman"));
  }

  private static String howTo() {
    return "start the Podman service with `" + SETUP + "` and export the line it prints";
  }

  /**
   * For {@link RequiresServer}: the service answers at {@value #HOST_VARIABLE} and holds the local
   * base images ({@link TestDocker#BUSYBOX}, {@link TestDocker#PYTHON}) that {@code .ci/podman.sh}
   * copies into it.
   */
  public static final class Available implements ServerCheck {
    /** Made by {@code @RequiresServer}. */
    public Available() {}

    @Override
    public Optional<String> missing() {
      Optional<String> host = host(System.getenv());
      if (host.isEmpty()) {
        return Optional.of("Podman: " + HOST_VARIABLE + " is not set: " + howTo());
      }
      TestDocker podman = new TestDocker(config("test-podman"));
      try {
        return missingFrom(podman, host.get());
      } finally {
        try {
          podman.close();
        } catch (IOException ignored) {
          // closing the client only
        }
      }
    }

    private static Optional<String> missingFrom(TestDocker podman, String host) {
      try {
        podman.client().pingCmd().exec();
      } catch (RuntimeException e) {
        return Optional.of("no Podman service answers at " + host + " (" + e + "): " + howTo());
      }
      for (String image : new String[] {TestDocker.BUSYBOX, TestDocker.PYTHON}) {
        if (!podman.exists(image)) {
          return Optional.of(
              "the Podman service at "
                  + host
                  + " has no image "
                  + image
                  + ": `"
                  + SETUP
                  + "` copies it from the Docker engine");
        }
      }
      return Optional.empty();
    }
  }
}
