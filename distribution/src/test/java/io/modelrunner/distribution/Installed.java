package io.modelrunner.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The distribution archives the build made, and unpacking them as an operator does. */
final class Installed {

  private Installed() {}

  static String version() {
    return required("project.version");
  }

  static Path tarball() {
    return Path.of(required("distribution.archive"));
  }

  static Path zip() {
    return Path.of(required("distribution.zip"));
  }

  /** The repository's root folder (for examples/ and .ci/). */
  static Path repositoryRoot() {
    return Path.of(required("repository.root"));
  }

  /**
   * Unpacks the tar.gz with the system's {@code tar} into {@code root}; returns the home folder.
   */
  static Path unpack(Path root) throws IOException, InterruptedException {
    run(List.of("tar", "-xzf", tarball().toString(), "-C", root.toString()));
    return root.resolve("model-runner-" + version());
  }

  /** The file entries of the tar.gz, as listed by {@code tar}, without folders. */
  static List<String> tarEntries() throws IOException, InterruptedException {
    List<String> entries = new ArrayList<>();
    for (String line : run(List.of("tar", "-tzf", tarball().toString())).split("\n")) {
      if (!line.isBlank() && !line.endsWith("/")) {
        entries.add(line.strip());
      }
    }
    Collections.sort(entries);
    return entries;
  }

  /** The file entries of the zip, without folders. */
  static List<String> zipEntries() throws IOException {
    List<String> entries = new ArrayList<>();
    try (InputStream in = Files.newInputStream(zip());
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        if (!entry.isDirectory()) {
          entries.add(entry.getName());
        }
      }
    }
    Collections.sort(entries);
    return entries;
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + property + " is not set: run this test through Maven (failsafe)");
    }
    return value;
  }
}
