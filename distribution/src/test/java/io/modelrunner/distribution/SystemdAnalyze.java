package io.modelrunner.distribution;

import io.modelrunner.testkit.junit.ServerCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Finds {@code systemd-analyze} and the system's unit folder that its {@code --root} checks need.
 */
public final class SystemdAnalyze implements ServerCheck {
  static final Path SYSTEM_UNITS = Path.of("/lib/systemd/system");

  @Override
  public Optional<String> missing() {
    try {
      Cli.run(List.of("systemd-analyze", "--version"), Duration.ofSeconds(30));
    } catch (IOException e) {
      return Optional.of(
          "systemd-analyze does not run (Debian: apt-get install systemd): " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
    return Files.isDirectory(SYSTEM_UNITS.resolve("multi-user.target").getParent())
            && Files.exists(SYSTEM_UNITS.resolve("multi-user.target"))
        ? Optional.empty()
        : Optional.of(SYSTEM_UNITS + "/multi-user.target is missing");
  }
}
