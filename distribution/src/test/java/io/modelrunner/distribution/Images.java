package io.modelrunner.distribution;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The images the image tests run, built by the scripts an operator runs: the runner image
 * (distribution/src/docker/build-image.sh from the distribution archive) and the example SEIR
 * connector (adapter-example-python-model/build-image.sh). Both reuse the engine's cache.
 */
final class Images {
  static final String JRE = "local/jre17:bookworm";
  static final String SEIR_CONNECTOR = "model-runner/seir-connector:latest";
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);

  private Images() {}

  /** Builds the runner image from the distribution archive; returns its name:VERSION. */
  static String runner() throws IOException, InterruptedException {
    Path script = Installed.repositoryRoot().resolve("distribution/src/docker/build-image.sh");
    String output =
        Cli.run(
            List.of("sh", script.toString(), Installed.tarball().toString()),
            Map.of("JRE_IMAGE", JRE),
            null,
            BUILD_TIMEOUT);
    List<String> lines = output.strip().lines().toList();
    return lines.get(lines.size() - 1).strip();
  }

  /** Builds the SEIR connector image that examples/request.json runs. */
  static String seirConnector() throws IOException, InterruptedException {
    Path script = Installed.repositoryRoot().resolve("adapter-example-python-model/build-image.sh");
    Cli.run(List.of("sh", script.toString()), BUILD_TIMEOUT);
    return SEIR_CONNECTOR;
  }

  /** The group id of the Docker socket, which a non-root runner container must be given. */
  static String dockerSocketGroup() throws IOException, InterruptedException {
    return Cli.run(List.of("stat", "-c", "%g", "/var/run/docker.sock"), Duration.ofSeconds(10))
        .strip();
  }
}
