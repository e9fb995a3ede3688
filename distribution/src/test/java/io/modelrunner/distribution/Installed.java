package io.modelrunner.distribution;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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

  /** What one launch of {@code bin/model-runner} printed, and its exit code. */
  record Launch(int exitCode, String stdout, String stderr) {}

  /**
   * Runs {@code home}'s {@code bin/model-runner} with {@code arguments} in {@code workDir}, the
   * environment changed by {@code environment} (a null value removes a variable); waits at most 5
   * minutes.
   */
  static Launch launch(
      Path home, Path workDir, Map<String, String> environment, List<String> arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/model-runner").toString());
    command.addAll(arguments);
    Path out = Files.createTempFile(workDir, "launch", ".out");
    Path err = Files.createTempFile(workDir, "launch", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    environment.forEach(
        (key, value) -> {
          if (value == null) {
            builder.environment().remove(key);
          } else {
            builder.environment().put(key, value);
          }
        });
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not end within 5 minutes");
    }
    return new Launch(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
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
