package io.modelrunner.app.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.engine.slurm.SlurmEngineConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmSettingsTest {
  @TempDir Path dir;

  private SlurmSettings settings(String token, Path tokenFile, String partition, String qos) {
    return new SlurmSettings(
        URI.create("http://slurm-head:6820"),
        "mrunner",
        token,
        tokenFile,
        dir.resolve("shared"),
        partition,
        "",
        qos,
        Duration.ofSeconds(2));
  }

  @Test
  void aCompleteSettingMakesTheEngineConfigurationWithTheJobDefaultsThatAreSet() {
    SlurmEngineConfig config = settings("a.jwt.token", null, "debug", "normal").engineConfig("n1");

    assertThat(config.url()).isEqualTo(URI.create("http://slurm-head:6820"));
    assertThat(config.user()).isEqualTo("mrunner");
    assertThat(config.token().current()).isEqualTo("a.jwt.token");
    assertThat(config.sharedDirectory()).isEqualTo(dir.resolve("shared"));
    assertThat(config.defaults()).isEqualTo(Map.of("partition", "debug", "qos", "normal"));
    assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.runnerId()).isEqualTo("n1");
    assertThat(config.docker()).isNull();
  }

  @Test
  void aTokenFileIsReadThroughTheEngineSoARenewedTokenIsUsed() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "SLURM_JWT=first\n");
    SlurmEngineConfig config = settings("", file, "", "").engineConfig("n1");
    assertThat(config.token().current()).isEqualTo("first");
    assertThat(config.token().toString()).contains(file.toString()).doesNotContain("first");
    assertThat(config.defaults()).isEmpty();
  }

  @Test
  void everyMissingKeyIsNamedAndTheEngineConfigurationIsRefused() {
    SlurmSettings unset = SlurmSettings.unset();
    assertThat(unset.problems())
        .hasSize(4)
        .anySatisfy(p -> assertThat(p).startsWith("slurm.url is not set"))
        .anySatisfy(p -> assertThat(p).startsWith("slurm.user is not set"))
        .anySatisfy(p -> assertThat(p).startsWith("neither slurm.token nor slurm.token-file"))
        .anySatisfy(p -> assertThat(p).startsWith("slurm.shared-directory is not set"));
    assertThatThrownBy(() -> unset.engineConfig("n1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("slurm.url");
  }

  @Test
  void aTokenAndATokenFileTogetherAreRefused() {
    assertThat(settings("t", dir.resolve("token"), "", "").problems())
        .containsExactly("both slurm.token and slurm.token-file are set: set one of them");
  }

  @Test
  void theWorkDirectoryMustBeUnderTheSharedDirectoryWhateverItsSpelling() {
    SlurmSettings slurm = settings("t", null, "", "");
    Path shared = dir.resolve("shared");

    assertThat(slurm.defaultWorkDirectory()).isEqualTo(shared.resolve("work"));
    assertThat(slurm.workDirectoryProblem(shared.resolve("work"))).isEmpty();
    assertThat(slurm.workDirectoryProblem(shared.resolve("a/b"))).isEmpty();
    assertThat(slurm.workDirectoryProblem(dir.resolve("shared-other/work")))
        .hasValueSatisfying(p -> assertThat(p).contains("is not under slurm.shared-directory"));
    assertThat(slurm.workDirectoryProblem(shared.resolve("../elsewhere"))).isPresent();
    assertThat(slurm.workDirectoryProblem(dir.resolve("work")))
        .hasValueSatisfying(p -> assertThat(p).contains(shared.resolve("work").toString()));
  }

  @Test
  void theTokenIsNeverDescribed() {
    SlurmSettings slurm = settings("secret-jwt-value", null, "debug", "");
    assertThat(slurm.toString())
        .doesNotContain("secret-jwt-value")
        .contains("token (set)", "mrunner", "http://slurm-head:6820", "partition=debug");
    assertThat(slurm.describe()).doesNotContain("secret-jwt-value");
  }
}
