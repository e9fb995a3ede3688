package io.modelrunner.console;

import io.modelrunner.testkit.junit.CommandProbe;
import io.modelrunner.testkit.junit.ServerCheck;
import java.time.Duration;
import java.util.Optional;

/** A {@code node} on the PATH recent enough for {@code node --test} (Node.js 18 or later). */
public final class NodeInstalled implements ServerCheck {
  @Override
  public Optional<String> missing() {
    return switch (CommandProbe.run(
        Duration.ofSeconds(60),
        "node",
        "-e",
        "process.exit(Number(process.versions.node.split('.')[0]) >= 18 ? 0 : 3)")) {
      case SUCCEEDED -> Optional.empty();
      case FAILED ->
          Optional.of(
              "node is older than 18: install Node.js 18 or later (apt-get install nodejs)");
      case NOT_FOUND -> Optional.of("node not found on the PATH: apt-get install nodejs");
      case TIMED_OUT -> Optional.of("node did not answer within 60 s");
      case INTERRUPTED -> Optional.of("interrupted while looking for node");
    };
  }
}
