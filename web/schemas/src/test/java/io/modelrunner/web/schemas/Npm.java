package io.modelrunner.web.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code npm} commands in the package's directory, keeping each one's output in a log file.
 */
final class Npm {
  private final Path packageDir;
  private final Path logDir;
  private final Map<String, String> environment;
  private final Duration timeout;

  Npm(Path packageDir, Path logDir, Map<String, String> environment, Duration timeout) {
    this.packageDir = packageDir;
    this.logDir = logDir;
    this.environment = Map.copyOf(environment);
    this.timeout = timeout;
  }

  /** What one command did: its exit code (-1 when it timed out) and its output. */
  record Result(List<String> command, int exitCode, String output, Path log) {
    boolean succeeded() {
      return exitCode == 0;
    }

    String describe() {
      return String.join(" ", command) + " exited " + exitCode + " (log " + log + "):\n" + output;
    }
  }

  /** Runs {@code npm args...}; the output also goes to {@code <logDir>/npm-<logName>.log}. */
  Result run(String logName, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("npm", "--no-audit", "--no-fund"));
    command.addAll(List.of(args));
    return execute("npm-" + logName, command);
  }

  /** Runs {@code node args...}; the output also goes to {@code <logDir>/node-<logName>.log}. */
  Result node(String logName, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node"));
    command.addAll(List.of(args));
    return execute("node-" + logName, command);
  }

  private Result execute(String logName, List<String> command)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(packageDir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process npm = builder.start();
    npm.getOutputStream().close();
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    boolean ended = npm.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!ended) {
      npm.descendants().forEach(ProcessHandle::destroyForcibly);
      npm.destroyForcibly();
    }
    String text = output.join();
    Files.createDirectories(logDir);
    Path log = logDir.resolve(logName + ".log");
    Files.writeString(log, text, StandardCharsets.UTF_8);
    return new Result(command, ended ? npm.exitValue() : -1, text, log);
  }
}
