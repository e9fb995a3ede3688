package io.modelrunner.core.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerCredentialsTest {
  @TempDir Path dir;

  private Path config(String json) throws IOException {
    return Files.writeString(dir.resolve("config.json"), json);
  }

  private RegistryCredentials read(Path config) {
    return DockerCredentials.fromDockerConfig(
        config, Map.of("PATH", dir.resolve("bin").toString()), Duration.ofSeconds(20));
  }

  private void helper(String name, String script) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path file = bin.resolve("docker-credential-" + name);
    Files.writeString(file, "#!/bin/sh\n" + script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void authsEntryGivesTheDecodedUserAndPasswordForItsHostHoweverTheKeyIsWritten() throws Exception {
    RegistryCredentials credentials =
        read(
            config(
                """
                {"auths": {
                  "https://registry.example.org:5000/v2/": {"auth": "%s"},
                  "https://index.docker.io/v1/": {"auth": "%s"},
                  "ghcr.io": {}
                }}
                """
                    .formatted(base64("alice:pa:ss"), base64("bob:hub"))));

    assertThat(credentials.find("registry.example.org:5000"))
        .contains(new RegistryAuth("registry.example.org:5000", "alice", "pa:ss"));
    assertThat(credentials.find("docker.io")).contains(new RegistryAuth("docker.io", "bob", "hub"));
    assertThat(credentials.find("ghcr.io")).as("an entry without auth holds none").isEmpty();
    assertThat(credentials.find("quay.io")).isEmpty();
  }

  @Test
  void identityTokenIsKeptAsSuch() throws Exception {
    RegistryCredentials credentials =
        read(
            config(
                "{\"auths\":{\"example.azurecr.io\":{\"auth\":\""
                    + base64("00000000-0000-0000-0000-000000000000:")
                    + "\",\"identitytoken\":\"refresh-token\"}}}"));

    RegistryAuth auth = credentials.find("example.azurecr.io").orElseThrow();
    assertThat(auth.identityToken()).isEqualTo("refresh-token");
    assertThat(auth.password()).isEmpty();
    assertThat(auth.toString()).doesNotContain("refresh-token");
  }

  @Test
  void credHelperIsAskedWithTheRegistryOnItsStandardInput() throws Exception {
    helper(
        "test",
        """
        [ "$1" = get ] || exit 9
        read address
        printf '{"ServerURL":"%s","Username":"user-for-%s","Secret":"helper-secret"}' "$address" "$address"
        """);
    RegistryCredentials credentials =
        read(config("{\"credHelpers\":{\"registry.example.org\":\"test\"}}"));

    assertThat(credentials.find("registry.example.org"))
        .contains(
            new RegistryAuth(
                "registry.example.org", "user-for-registry.example.org", "helper-secret"));
    assertThat(credentials.find("other.example.org")).isEmpty();
  }

  @Test
  void credsStoreServesEveryRegistryAndDockerHubIsAskedByItsServerAddress() throws Exception {
    helper(
        "store",
        """
        read address
        case "$address" in
          https://index.docker.io/v1/) printf '{"Username":"<token>","Secret":"hub-token"}' ;;
          *) echo "credentials not found in native keychain"; exit 1 ;;
        esac
        """);
    RegistryCredentials credentials =
        read(
            config(
                "{\"credsStore\":\"store\",\"auths\":{\"ghcr.io\":{\"auth\":\""
                    + base64("carol:file")
                    + "\"}}}"));

    assertThat(credentials.find("docker.io"))
        .contains(new RegistryAuth("docker.io", "", "", "hub-token"));
    assertThat(credentials.find("ghcr.io"))
        .as("not in the store: the file's entry")
        .contains(new RegistryAuth("ghcr.io", "carol", "file"));
    assertThat(credentials.find("quay.io")).isEmpty();
  }

  @Test
  void missingHelperIsAnErrorNamingTheProgramAndWhereItWasNamed() throws Exception {
    Path config = config("{\"credsStore\":\"nope\"}");
    RegistryCredentials credentials = read(config);

    assertThatThrownBy(() -> credentials.find("ghcr.io"))
        .isInstanceOf(DockerCredentialsException.class)
        .hasMessageContaining("docker-credential-nope")
        .hasMessageContaining("credsStore in " + config)
        .hasMessageContaining("is not on the PATH");
  }

  @Test
  void failingHelperIsAnErrorWithItsExitStatusAndFirstLine() throws Exception {
    helper("broken", "echo 'keychain locked' >&2\nexit 4\n");
    RegistryCredentials credentials = read(config("{\"credHelpers\":{\"ghcr.io\":\"broken\"}}"));

    assertThatThrownBy(() -> credentials.find("ghcr.io"))
        .isInstanceOf(DockerCredentialsException.class)
        .hasMessageContaining("docker-credential-broken")
        .hasMessageContaining("exit status 4")
        .hasMessageContaining("keychain locked");
  }

  @Test
  void helperThatDoesNotAnswerIsKilledAfterTheTimeout() throws Exception {
    helper("slow", "exec sleep 60\n");
    RegistryCredentials credentials =
        DockerCredentials.fromDockerConfig(
            config("{\"credsStore\":\"slow\"}"),
            Map.of("PATH", dir.resolve("bin").toString()),
            Duration.ofMillis(300));

    long start = System.nanoTime();
    assertThatThrownBy(() -> credentials.find("ghcr.io"))
        .isInstanceOf(DockerCredentialsException.class)
        .hasMessageContaining("did not answer within");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void helperAnsweringWhatIsNotJsonIsAnErrorThatDoesNotRepeatTheAnswer() throws Exception {
    helper("garbled", "echo 'user s3cr3t-value'\n");
    RegistryCredentials credentials = read(config("{\"credsStore\":\"garbled\"}"));

    assertThatThrownBy(() -> credentials.find("ghcr.io"))
        .isInstanceOf(DockerCredentialsException.class)
        .hasMessageContaining("not a JSON object")
        .message()
        .doesNotContain("s3cr3t-value");
  }

  @Test
  void malformedFileIsAnErrorNamingItWithoutTheCredential() throws Exception {
    Path notJson = config("{\"auths\": ");
    assertThatThrownBy(() -> read(notJson))
        .isInstanceOf(DockerCredentialsException.class)
        .hasMessageContaining(notJson.toString());

    Path badAuth = config("{\"auths\":{\"ghcr.io\":{\"auth\":\"not*base64-s3cr3t\"}}}");
    assertThatThrownBy(() -> read(badAuth))
        .isInstanceOf(DockerCredentialsException.class)
        .hasMessageContaining("auths.ghcr.io.auth is not base64")
        .message()
        .doesNotContain("s3cr3t");

    assertThatThrownBy(() -> read(dir.resolve("none.json")))
        .isInstanceOf(DockerCredentialsException.class)
        .hasMessageContaining("no such file");
  }

  @Test
  void defaultConfigFileIsDockerConfigsElseTheHomeFolders() throws Exception {
    Path dockerConfig = Files.createDirectories(dir.resolve("docker-config"));
    Path home = Files.createDirectories(dir.resolve("home/.docker")).getParent();
    assertThat(
            DockerCredentials.defaultConfigFile(Map.of("DOCKER_CONFIG", dockerConfig.toString())))
        .as("absent")
        .isEmpty();

    Files.writeString(dockerConfig.resolve("config.json"), "{}");
    Files.writeString(home.resolve(".docker/config.json"), "{}");
    assertThat(
            DockerCredentials.defaultConfigFile(
                Map.of("DOCKER_CONFIG", dockerConfig.toString(), "HOME", home.toString())))
        .contains(dockerConfig.resolve("config.json"));
    assertThat(DockerCredentials.defaultConfigFile(Map.of("HOME", home.toString())))
        .contains(home.resolve(".docker/config.json"));
  }

  @Test
  void explicitCredentialsComeBeforeTheFallback() {
    RegistryCredentials explicit =
        RegistryCredentials.of(java.util.List.of(new RegistryAuth("ghcr.io", "a", "b")));
    RegistryCredentials fallback =
        registry -> Optional.of(new RegistryAuth(registry, "fallback", "c"));

    assertThat(explicit.orElse(fallback).find("GHCR.io"))
        .contains(new RegistryAuth("ghcr.io", "a", "b"));
    assertThat(explicit.orElse(fallback).find("quay.io"))
        .contains(new RegistryAuth("quay.io", "fallback", "c"));
    assertThat(RegistryCredentials.none().find("ghcr.io")).isEmpty();
  }
}
