package io.modelrunner.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.core.engine.docker.RegistryAuth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PullCredentialsSectionTest {
  @TempDir Path dir;

  private Map<String, String> noDockerConfig() {
    return Map.of("DOCKER_CONFIG", dir.resolve("absent").toString());
  }

  @Test
  void explicitKeysFromTheEnvironmentGiveTheRegistrysCredentialsAndAreNeverShown() {
    Map<String, String> env =
        Map.of(
            "MODEL_RUNNER_IMAGES_REGISTRY", "registry.example.org:5000",
            "MODEL_RUNNER_IMAGES_REGISTRY_USERNAME", "puller",
            "MODEL_RUNNER_IMAGES_REGISTRY_PASSWORD", "pull-s3cret",
            "DOCKER_CONFIG", dir.resolve("absent").toString());

    ServiceConfig config = ServiceConfig.load(null, env, Map.of());
    PullCredentialsSection section = config.engine().pullCredentials();

    assertThat(section.credentials(env).find("registry.example.org:5000"))
        .contains(new RegistryAuth("registry.example.org:5000", "puller", "pull-s3cret"));
    assertThat(section.credentials(env).find("ghcr.io")).isEmpty();
    assertThat(config.describe())
        .contains("pull credentials registry.example.org:5000 as puller (password (set))")
        .doesNotContain("pull-s3cret");
    assertThat(section.toString()).doesNotContain("pull-s3cret");
  }

  @Test
  void passwordFileIsReadAndTheThreeKeysGoTogether() throws Exception {
    Path file = Files.writeString(dir.resolve("password"), "from-file\n");
    Map<String, String> env =
        Map.of(
            "MODEL_RUNNER_IMAGES_REGISTRY", "ghcr.io",
            "MODEL_RUNNER_IMAGES_REGISTRY_USERNAME", "puller",
            "MODEL_RUNNER_IMAGES_REGISTRY_PASSWORD_FILE", file.toString());
    assertThat(
            PullCredentialsSection.load(null, env, null)
                .credentials(noDockerConfig())
                .find("ghcr.io"))
        .contains(new RegistryAuth("ghcr.io", "puller", "from-file"));

    assertThatThrownBy(
            () ->
                PullCredentialsSection.load(
                    null, Map.of("MODEL_RUNNER_IMAGES_REGISTRY", "ghcr.io"), null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("images.registry, images.registry-username and")
        .hasMessageContaining("set all three or none");
    assertThatThrownBy(
            () ->
                PullCredentialsSection.load(
                    null,
                    Map.of("MODEL_RUNNER_IMAGES_DOCKER_CONFIG", "/nowhere/config.json"),
                    null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("images.docker-config (from $MODEL_RUNNER_IMAGES_DOCKER_CONFIG)")
        .hasMessageContaining("no such file: /nowhere/config.json");
  }

  @Test
  void explicitCredentialsComeBeforeTheDockerConfigsAndNoneReadsNoFile() throws Exception {
    Path dockerConfig = Files.createDirectories(dir.resolve("docker"));
    Files.writeString(
        dockerConfig.resolve("config.json"),
        "{\"auths\":{\"ghcr.io\":{\"auth\":\""
            + Base64.getEncoder()
                .encodeToString("file-user:file-pass".getBytes(StandardCharsets.UTF_8))
            + "\"},\"quay.io\":{\"auth\":\""
            + Base64.getEncoder()
                .encodeToString("quay-user:quay-pass".getBytes(StandardCharsets.UTF_8))
            + "\"}}}");
    Map<String, String> env =
        Map.of(
            "DOCKER_CONFIG", dockerConfig.toString(),
            "MODEL_RUNNER_IMAGES_REGISTRY", "ghcr.io",
            "MODEL_RUNNER_IMAGES_REGISTRY_USERNAME", "explicit",
            "MODEL_RUNNER_IMAGES_REGISTRY_PASSWORD", "explicit-pass");

    var credentials = PullCredentialsSection.load(null, env, null).credentials(env);
    assertThat(credentials.find("ghcr.io"))
        .contains(new RegistryAuth("ghcr.io", "explicit", "explicit-pass"));
    assertThat(credentials.find("quay.io"))
        .as("the Docker CLI's own config.json, found through DOCKER_CONFIG")
        .contains(new RegistryAuth("quay.io", "quay-user", "quay-pass"));

    var off = PullCredentialsSection.load(null, env, PullCredentialsSection.NONE);
    assertThat(off.configFile(env)).isEmpty();
    assertThat(off.credentials(env).find("quay.io")).isEmpty();
  }
}
