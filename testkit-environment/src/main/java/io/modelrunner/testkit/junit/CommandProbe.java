package io.modelrunner.testkit.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/**
 * Runs a short command to find out whether a tool a test needs is installed and works, for a {@link
 * ServerCheck}: {@code node -e '...'}, {@code python3 -c 'import flask'}. Its output is discarded;
 * a command still running after the timeout is killed.
 */
@API(status = EXPERIMENTAL, since = "0.2.0")
public final class CommandProbe {
  /** How a probe ended. */
  public enum Result {
    /** It exited with 0. */
    SUCCEEDED,
    /** It exited with another code. */
    FAILED,
    /** Its program could not be started (not on the PATH). */
    NOT_FOUND,
    /** It did not exit within the timeout, and was killed. */
    TIMED_OUT,
    /** The waiting thread was interrupted: the command is killed, the interrupt flag set again. */
    INTERRUPTED
  }

  private CommandProbe() {}

  /**
   * Runs {@code command} and waits for it.
   *
   * @param timeout how long it may run
   * @param command the program and its arguments
   * @return how it ended
   */
  public static Result run(Duration timeout, String... command) {
    Process probe;
    try {
      probe =
          new ProcessBuilder(List.of(command))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      probe.getOutputStream().close();
    } catch (IOException e) {
      return Result.NOT_FOUND;
    }
    try {
      if (!probe.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        probe.destroyForcibly();
        return Result.TIMED_OUT;
      }
      return probe.exitValue() == 0 ? Result.SUCCEEDED : Result.FAILED;
    } catch (InterruptedException e) {
      probe.destroyForcibly();
      Thread.currentThread().interrupt();
      return Result.INTERRUPTED;
    }
  }
}
