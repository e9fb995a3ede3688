package io.modelrunner.adapter;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/**
 * Runs a command-line model from {@link ModelAdapter#run(RunContext)}: with a deadline, its output
 * captured to a log file, and cancellation. When the deadline passes or the calling thread is
 * interrupted (which is what {@code /remove} does), the process and all its descendants are killed
 * before the method returns.
 *
 * <pre>{@code
 * ProcessResult r = new ProcessRunner().run(
 *     ProcessSpec.of(List.of("python3", "model.py", input.toString()), Duration.ofMinutes(30), log));
 * if (!r.succeeded()) throw new IllegalStateException("model exited " + r.exitCode());
 * }</pre>
 */
@API(status = API.Status.MAINTAINED, since = "0.1.0")
public final class ProcessRunner {
  private static final Duration KILL_GRACE = Duration.ofSeconds(2);

  /**
   * Runs {@code spec} to completion.
   *
   * @throws ProcessTimeoutException when it outlives its deadline (it was killed)
   * @throws InterruptedException when the calling thread was interrupted (it was killed)
   * @throws IOException when it cannot be started
   */
  public ProcessResult run(ProcessSpec spec)
      throws IOException, InterruptedException, ProcessTimeoutException {
    if (spec.logFile().getParent() != null) {
      Files.createDirectories(spec.logFile().getParent());
    }
    ProcessBuilder pb =
        new ProcessBuilder(spec.command())
            .redirectErrorStream(true)
            .redirectOutput(Redirect.appendTo(spec.logFile().toFile()))
            .redirectInput(Redirect.from(nullDevice()));
    if (spec.workingDirectory() != null) {
      pb.directory(spec.workingDirectory().toFile());
    }
    pb.environment().putAll(spec.environment());
    long start = System.nanoTime();
    Process process = pb.start();
    try {
      if (!process.waitFor(spec.deadline().toMillis(), TimeUnit.MILLISECONDS)) {
        killTree(process);
        throw new ProcessTimeoutException(String.join(" ", spec.command()), spec.deadline());
      }
    } catch (InterruptedException e) {
      killTree(process);
      throw e;
    }
    return new ProcessResult(
        process.exitValue(), spec.logFile(), Duration.ofNanos(System.nanoTime() - start));
  }

  /** Kills {@code process} and every descendant, children first seen before the parent dies. */
  static void killTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").toLowerCase().startsWith("windows") ? "NUL" : "/dev/null");
  }
}
