package io.modelrunner.benchmarks.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The runner's jar the service suites start. It is copied into the work folder first, so that a
 * rebuild of {@code runner-app} while a suite runs (others build in the same tree) cannot change or
 * remove the jar under a running JVM, and so that a CDS archive made for it stays valid.
 *
 * @param path the copy
 * @param sha256 the first 12 hex digits of its SHA-256, for the report
 */
public record RunnerJar(Path path, String sha256) {
  /** The default place of the jar, relative to the repository root. */
  public static final String DEFAULT = "runner-app/target/model-runner.jar";

  /** Copies {@code source} to {@code dir/model-runner.jar} unless an identical copy is there. */
  public static RunnerJar copy(Path source, Path dir) throws IOException {
    if (!Files.isRegularFile(source)) {
      throw new IOException(
          "no runner jar at "
              + source
              + ": build it (./mvnw -q -B -pl runner-app -am package -DskipTests) or give"
              + " --runner-jar");
    }
    Files.createDirectories(dir);
    Path copy = dir.resolve("model-runner.jar");
    String sha = sha256(source);
    if (!Files.isRegularFile(copy) || !sha256(copy).equals(sha)) {
      Path tmp = dir.resolve("model-runner.jar.tmp");
      Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING);
      sha = sha256(copy); // what was copied, even if the source changed meanwhile
    }
    return new RunnerJar(copy, sha.substring(0, 12));
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
