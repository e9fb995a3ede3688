package io.modelrunner.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.app.engine.EngineChoice;
import io.modelrunner.app.engine.SlurmSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code slurm.*} keys: how they are read, checked and kept secret, for serve and run. */
class SlurmKeysTest {
  @TempDir Path dir;
  private Path shared;
  private Path tokenFile;

  @BeforeEach
  void files() throws Exception {
    shared = Files.createDirectory(dir.resolve("shared"));
    tokenFile = Files.writeString(dir.resolve("token"), "file.jwt.token\n");
  }

  private Path file(String... lines) throws Exception {
    return Files.writeString(dir.resolve("service.properties"), String.join("\n", lines));
  }

  @Test
  void engineSlurmReadsEveryKeyFromTheFileAndTheEnvironmentAndPutsTheWorkOnTheSharedDirectory()
      throws Exception {
    Path file =
        file(
            "engine=slurm",
            "slurm.url=http://slurm-head:6820",
            "slurm.user=mrunner",
            "slurm.token-file=" + tokenFile,
            "slurm.shared-directory=" + shared,
            "slurm.partition=debug");
    ServiceConfig config =
        ServiceConfig.load(
            file,
            Map.of("MODEL_RUNNER_SLURM_QOS", "normal", "MODEL_RUNNER_SLURM_POLL_INTERVAL", "PT2S"),
            Map.of());

    SlurmSettings slurm = config.engine().slurm();
    assertThat(config.engine().engine()).isEqualTo(EngineChoice.slurm);
    assertThat(slurm.url()).isEqualTo(URI.create("http://slurm-head:6820"));
    assertThat(slurm.user()).isEqualTo("mrunner");
    assertThat(slurm.tokenFile()).isEqualTo(tokenFile);
    assertThat(slurm.sharedDirectory()).isEqualTo(shared);
    assertThat(slurm.jobDefaults()).isEqualTo(Map.of("partition", "debug", "qos", "normal"));
    assertThat(slurm.pollInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.runs().workDir()).isEqualTo(shared.resolve("work"));
    assertThat(config.describe())
        .contains("engine slurm (slurmrestd http://slurm-head:6820 as mrunner")
        .contains("token from " + tokenFile);
  }

  @Test
  void theTokenComesFromSlurmJwtOrItsOwnVariableAndIsNeverDescribed() {
    ServiceConfig config =
        ServiceConfig.load(
            null,
            Map.of(
                "SLURM_JWT", "secret-jwt-value",
                "MODEL_RUNNER_SLURM_URL", "https://slurm-head:6820",
                "MODEL_RUNNER_SLURM_USER", "mrunner",
                "MODEL_RUNNER_SLURM_SHARED_DIRECTORY", shared.toString()),
            Map.of("engine", "slurm"));

    assertThat(config.engine().slurm().token()).isEqualTo("secret-jwt-value");
    assertThat(ConfigKeys.find("slurm.token").orElseThrow().secret()).isTrue();
    assertThat(config.describe()).contains("token (set)").doesNotContain("secret-jwt-value");
    assertThat(config.toString()).doesNotContain("secret-jwt-value");
    assertThat(config.engine().toString()).doesNotContain("secret-jwt-value");

    ServiceConfig own =
        ServiceConfig.load(
            null,
            Map.of("SLURM_JWT", "from-alias", "MODEL_RUNNER_SLURM_TOKEN", "from-own-variable"),
            Map.of());
    assertThat(own.engine().slurm().token()).isEqualTo("from-own-variable");
  }

  @Test
  void engineSlurmWithKeysMissingNamesEachMissingKeyAndWhatChoseSlurm() {
    assertThatThrownBy(() -> ServiceConfig.load(null, Map.of(), Map.of("engine", "slurm")))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .hasSize(4)
                    .allSatisfy(
                        p -> assertThat(p).startsWith("engine=slurm (from the command line): "))
                    .anySatisfy(p -> assertThat(p).contains("slurm.url is not set"))
                    .anySatisfy(p -> assertThat(p).contains("slurm.user is not set"))
                    .anySatisfy(p -> assertThat(p).contains("slurm.token-file"))
                    .anySatisfy(p -> assertThat(p).contains("slurm.shared-directory is not set")));
  }

  @Test
  void otherEnginesNeedNoSlurmKeysButTheirSyntaxIsStillChecked() {
    ServiceConfig docker = ServiceConfig.load(null, Map.of(), Map.of("engine", "docker"));
    assertThat(docker.engine().slurm()).isEqualTo(SlurmSettings.unset());
    assertThat(docker.runs().workDir()).isEqualTo(docker.dataDir().resolve("work"));

    assertThatThrownBy(
            () ->
                ServiceConfig.load(
                    null,
                    Map.of(
                        "MODEL_RUNNER_SLURM_URL", "slurm-head:6820",
                        "MODEL_RUNNER_SLURM_POLL_INTERVAL", "often"),
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "slurm.url (from $MODEL_RUNNER_SLURM_URL): must be an http or https URL")
        .hasMessageContaining("slurm.poll-interval (from $MODEL_RUNNER_SLURM_POLL_INTERVAL)");
  }

  @Test
  void aTokenWithATokenFileAnUnreadableTokenFileAndAMissingSharedDirectoryAreEachNamed()
      throws Exception {
    Path file =
        file(
            "engine=slurm",
            "slurm.url=http://127.0.0.1:6820",
            "slurm.user=mrunner",
            "slurm.token=abc",
            "slurm.token-file=" + dir.resolve("no-such-token"),
            "slurm.shared-directory=" + dir.resolve("not-mounted"));

    assertThatThrownBy(() -> ServiceConfig.load(file, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("both slurm.token and slurm.token-file are set")
        .hasMessageContaining(
            "slurm.token-file (from " + file + "): cannot read " + dir.resolve("no-such-token"))
        .hasMessageContaining(
            "slurm.shared-directory (from "
                + file
                + "): no such directory: "
                + dir.resolve("not-mounted"))
        .hasMessageNotContaining("abc");
  }

  @Test
  void aWorkDirectoryOutsideTheSharedDirectoryIsRefusedAndOneUnderItIsKept() throws Exception {
    Path file =
        file(
            "engine=slurm",
            "slurm.url=http://127.0.0.1:6820",
            "slurm.user=mrunner",
            "slurm.token-file=" + tokenFile,
            "slurm.shared-directory=" + shared);

    assertThatThrownBy(
            () -> ServiceConfig.load(file, Map.of(), Map.of("work.dir", dir.resolve("w") + "")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("work.dir (from the command line): with engine=slurm, ")
        .hasMessageContaining("is not under slurm.shared-directory (" + shared + ")");
    assertThat(
            ServiceConfig.load(
                    file, Map.of("MODEL_RUNNER_WORK_DIR", shared.resolve("runs") + ""), Map.of())
                .runs()
                .workDir())
        .isEqualTo(shared.resolve("runs"));
  }

  @Test
  void runReadsOnlyTheSlurmKeysOfAServeFileAndTheEnvironmentWins() throws Exception {
    Path file =
        file(
            "server.port=not-a-port",
            "engine=docker",
            "slurm.url=http://from-file:6820",
            "slurm.user=mrunner",
            "slurm.token-file=" + tokenFile,
            "slurm.shared-directory=" + shared);

    SlurmSettings slurm =
        EngineSection.loadSlurm(file, Map.of("MODEL_RUNNER_SLURM_URL", "http://from-env:6820"));

    assertThat(slurm.url()).isEqualTo(URI.create("http://from-env:6820"));
    assertThat(slurm.tokenFile()).isEqualTo(tokenFile);
    assertThat(slurm.problems()).isEmpty();
  }

  @Test
  void runNamesEachMissingSlurmKeyAndAnUnknownKeyOfItsFile() throws Exception {
    Path file = file("slurm.url=http://127.0.0.1:6820", "slurm.usr=mrunner");

    assertThatThrownBy(() -> EngineSection.loadSlurm(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'slurm.usr'")
        .hasMessageContaining("--engine slurm: slurm.user is not set")
        .hasMessageContaining("--engine slurm: slurm.shared-directory is not set")
        .hasMessageNotContaining("slurm.url is not set");
  }
}
