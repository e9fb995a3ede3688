package io.modelrunner.web.schemas;

import io.modelrunner.testkit.junit.ServerCheck;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Node.js 18 or later and npm on the PATH, as the package's build and tests need. */
public final class NpmInstalled implements ServerCheck {
  private static final String INSTALL =
      "install Node.js 18 or later and npm (apt-get install nodejs npm)";

  @Override
  public Optional<String> missing() {
    Optional<String> node =
        probe(
            List.of(
                "node",
                "-e",
                "process.exit(Number(process.versions.node.split('.')[0]) >= 18 ? 0 : 3)"),
            "node older than 18");
    return node.isPresent() ? node : probe(List.of("npm", "--version"), "npm does not run");
  }

  private static Optional<String> probe(List<String> command, String failure) {
    try {
      Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
      probe.getOutputStream().close();
      probe.getInputStream().readAllBytes();
      if (!probe.waitFor(60, TimeUnit.SECONDS)) {
        probe.destroyForcibly();
        return Optional.of(command.get(0) + " did not answer within 60 s");
      }
      return probe.exitValue() == 0 ? Optional.empty() : Optional.of(failure + ": " + INSTALL);
    } catch (IOException e) {
      return Optional.of(command.get(0) + " not found on the PATH: " + INSTALL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while looking for " + command.get(0));
    }
  }
}
