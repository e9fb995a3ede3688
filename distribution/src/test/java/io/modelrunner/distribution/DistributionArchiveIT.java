package io.modelrunner.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.app.config.ConfigKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tar.gz operators install: its layout, and its launcher running the application. */
class DistributionArchiveIT {

  @TempDir Path installRoot;

  @Test
  void unpackedArchiveHasTheDocumentedLayoutAndItsLauncherRuns() throws Exception {
    Path home = Installed.unpack(installRoot);

    assertThat(home.resolve("bin/model-runner")).isExecutable();
    assertThat(home.resolve("bin/model-runner.cmd")).isRegularFile();
    assertThat(home.resolve("lib/model-runner.jar")).isRegularFile();
    assertThat(home.resolve("conf/model-runner.properties"))
        .content()
        .isEqualTo(ConfigurationTemplate.render(ConfigKeys.ALL));
    assertThat(home.resolve("lib/cds-training/request.json")).isRegularFile();
    assertThat(home.resolve("LICENSE")).content().contains("MIT License");
    assertThat(home.resolve("README")).content().contains(Installed.version());

    Process process =
        new ProcessBuilder(home.resolve("bin/model-runner").toString(), "--version")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains(Installed.version());
  }

  @Test
  void zipHoldsTheSameFilesAsTheTarball() throws IOException, InterruptedException {
    assertThat(Installed.zipEntries()).containsExactlyInAnyOrderElementsOf(Installed.tarEntries());
    assertThat(Installed.tarEntries()).isNotEmpty();
  }
}
