package io.modelrunner.benchmarks.report;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An external program a suite needs. The harness checks every requirement of the selected suites
 * before it runs anything and installs nothing: a missing one stops the run with {@link
 * #install()}.
 *
 * @param name what is needed (e.g. {@code gunicorn})
 * @param probe a command that exits 0 when it is there
 * @param install how to install it (shown when it is missing)
 */
public record Requirement(String name, List<String> probe, String install) {
  public Requirement {
    Objects.requireNonNull(name, "name");
    probe = List.copyOf(probe);
    Objects.requireNonNull(install, "install");
  }

  /** Whether the probe exits 0 within 20 seconds. */
  public boolean present() {
    try {
      Process p =
          new ProcessBuilder(probe)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
