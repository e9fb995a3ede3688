package io.modelrunner.example.seir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The module's connector image, built by {@code build-image.sh} from {@code
 * local/python3:bookworm}.
 */
final class SeirConnectorImage {
  /** The tag {@code build-image.sh} gives it (also the one in {@code examples/models.json}). */
  static final String NAME = "model-runner/seir-connector:latest";

  private SeirConnectorImage() {}

  /** Builds it (from the cache when the sources did not change) and returns its tag. */
  static String build() throws Exception {
    Path module = Path.of(System.getProperty("module.dir", "."));
    Path log = Files.createTempFile("seir-image-", ".log");
    Process p =
        new ProcessBuilder("sh", module.resolve("build-image.sh").toString())
            .directory(module.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean ended = p.waitFor(15, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly();
    }
    assertThat(ended && p.exitValue() == 0)
        .as("build-image.sh: %s", Files.readString(log))
        .isTrue();
    Files.delete(log);
    return NAME;
  }
}
