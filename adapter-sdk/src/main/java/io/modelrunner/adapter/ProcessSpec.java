package io.modelrunner.adapter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A command for {@link ProcessRunner}: what to run, where, with which extra environment, for how
 * long at most, and where its combined stdout and stderr go.
 *
 * @param command the program and its arguments (no shell)
 * @param workingDirectory where it runs, or null for the current directory
 * @param environment variables added to the inherited environment
 * @param deadline how long it may run before it and its children are killed
 * @param logFile where stdout and stderr are written (appended)
 */
@API(status = API.Status.MAINTAINED, since = "0.1.0")
public record ProcessSpec(
    List<String> command,
    Path workingDirectory,
    Map<String, String> environment,
    Duration deadline,
    Path logFile) {

  public ProcessSpec {
    command = List.copyOf(Objects.requireNonNull(command, "command"));
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must name a program");
    }
    environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(logFile, "logFile");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive, got " + deadline);
    }
  }

  /** {@code command} with no extra environment, in the current directory. */
  public static ProcessSpec of(List<String> command, Duration deadline, Path logFile) {
    return new ProcessSpec(command, null, Map.of(), deadline, logFile);
  }
}
