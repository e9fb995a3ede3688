package io.modelrunner.console;

import io.modelrunner.testkit.junit.ServerCheck;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A {@code node} on the PATH recent enough for {@code node --test} (Node.js 18 or later). */
public final class NodeInstalled implements ServerCheck {
  @Override
  public Optional<String> missing() {
    try {
      Process probe =
          new ProcessBuilder(
                  "node",
                  "-e",
                  "process.exit(Number(process.versions.node.split('.')[0]) >= 18 ? 0 : 3)")
              .redirectErrorStream(true)
              .start();
      probe.getInputStream().readAllBytes();
      if (!probe.waitFor(60, TimeUnit.SECONDS)) {
        probe.destroyForcibly();
        return Optional.of("node did not answer within 60 s");
      }
      return probe.exitValue() == 0
          ? Optional.empty()
          : Optional.of(
              "node is older than 18: install Node.js 18 or later (apt-get install nodejs)");
    } catch (IOException e) {
      return Optional.of("node not found on the PATH: apt-get install nodejs");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while looking for node");
    }
  }
}
