package io.modelrunner.testkit.docker;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/**
 * A module's own image build script ({@code build-image.sh}, which tags the image and reuses the
 * engine's cache when its sources did not change), run from a test: the example connectors build
 * their images this way, as their READMEs tell a model author to.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class BuildScript {
  private static final long TIMEOUT_MINUTES = 15;

  private BuildScript() {}

  /**
   * Runs {@code build-image.sh} in the module folder (the system property {@code module.dir}, else
   * the working directory) and returns {@code tag}, the tag the script gives the image.
   *
   * @throws AssertionError with the script's output, when it fails or runs past 15 minutes
   */
  public static String build(String tag) throws IOException, InterruptedException {
    Path module = Path.of(System.getProperty("module.dir", "."));
    Path log = Files.createTempFile("build-image-", ".log");
    Process p =
        new ProcessBuilder("sh", module.resolve("build-image.sh").toString())
            .directory(module.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean ended = p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly();
    }
    if (!ended || p.exitValue() != 0) {
      throw new AssertionError("build-image.sh of " + tag + " failed: " + Files.readString(log));
    }
    Files.delete(log);
    return tag;
  }
}
