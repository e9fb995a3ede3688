package io.modelrunner.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command line (docker, docker-compose, a build script) and returns what it printed. */
final class Cli {

  private Cli() {}

  /** Runs {@code command}; returns its stdout and stderr, merged. */
  static String run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    return run(command, Map.of(), null, timeout);
  }

  /**
   * Runs {@code command} with {@code environment} added to this process's, in {@code directory}
   * (null: the working directory).
   *
   * @throws IOException with the command's output, when it fails or outlives {@code timeout}
   */
  static String run(
      List<String> command, Map<String, String> environment, Path directory, Duration timeout)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("cli-", ".log");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().putAll(environment);
      if (directory != null) {
        builder.directory(directory.toFile());
      }
      Process process = builder.start();
      boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
      }
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      if (!ended || process.exitValue() != 0) {
        throw new IOException(
            String.join(" ", command)
                + (ended ? " failed (exit " + process.exitValue() + ")" : " timed out")
                + ":\n"
                + printed);
      }
      return printed;
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
