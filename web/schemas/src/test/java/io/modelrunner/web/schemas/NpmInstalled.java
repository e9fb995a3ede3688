package io.modelrunner.web.schemas;

import io.modelrunner.testkit.junit.CommandProbe;
import io.modelrunner.testkit.junit.ServerCheck;
import java.time.Duration;
import java.util.Optional;

/** Node.js 18 or later and npm on the PATH, as the package's build and tests need. */
public final class NpmInstalled implements ServerCheck {
  private static final String INSTALL =
      "install Node.js 18 or later and npm (apt-get install nodejs npm)";

  @Override
  public Optional<String> missing() {
    Optional<String> node =
        probe(
            "node older than 18",
            "node",
            "-e",
            "process.exit(Number(process.versions.node.split('.')[0]) >= 18 ? 0 : 3)");
    return node.isPresent() ? node : probe("npm does not run", "npm", "--version");
  }

  private static Optional<String> probe(String failure, String... command) {
    return switch (CommandProbe.run(Duration.ofSeconds(60), command)) {
      case SUCCEEDED -> Optional.empty();
      case FAILED -> Optional.of(failure + ": " + INSTALL);
      case NOT_FOUND -> Optional.of(command[0] + " not found on the PATH: " + INSTALL);
      case TIMED_OUT -> Optional.of(command[0] + " did not answer within 60 s");
      case INTERRUPTED -> Optional.of("interrupted while looking for " + command[0]);
    };
  }
}
