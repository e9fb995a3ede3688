package io.modelrunner.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.testkit.junit.RequiresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd unit the distribution carries, checked by systemd itself in a root folder laid out as
 * docs/operations.md installs it (pid 1 need not be systemd: nothing is started).
 */
@RequiresServer(SystemdAnalyze.class)
class SystemdUnitIT {
  private static final String UNIT = "/etc/systemd/system/model-runner.service";

  @TempDir Path root;

  @Test
  void unitInstalledAsDocumentedPassesVerifyAndTheSecurityThreshold() throws Exception {
    Path opt = Files.createDirectories(root.resolve("opt"));
    Path home = Installed.unpack(opt);
    Files.move(home, opt.resolve("model-runner"));
    Path unit = opt.resolve("model-runner/conf/systemd/model-runner.service");
    assertThat(unit).content().contains("ExecStart=/opt/model-runner/bin/model-runner serve");
    Files.createDirectories(root.resolve("etc/systemd/system"));
    Files.copy(unit, root.resolve(UNIT.substring(1)));
    copyTree(SystemdAnalyze.SYSTEM_UNITS, root.resolve("lib/systemd/system"));

    String verify =
        Cli.run(
            List.of("systemd-analyze", "verify", "--root=" + root, UNIT), Duration.ofMinutes(1));
    assertThat(verify).doesNotContain("model-runner.service");

    // Fails (exit 1) when the overall exposure is above 2.0 ("OK" is below 4.0).
    String security =
        Cli.run(
            List.of(
                "systemd-analyze",
                "security",
                "--offline=yes",
                "--threshold=20",
                "--root=" + root,
                UNIT),
            Duration.ofMinutes(1));
    assertThat(security).contains("Overall exposure level for model-runner.service");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(target);
        } else {
          Files.copy(
              path,
              target,
              StandardCopyOption.COPY_ATTRIBUTES,
              java.nio.file.LinkOption.NOFOLLOW_LINKS);
        }
      }
    }
  }
}
