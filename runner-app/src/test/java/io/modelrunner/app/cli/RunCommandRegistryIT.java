package io.modelrunner.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.docker.TestRegistry;
import io.modelrunner.testkit.junit.RequiresDocker;
import io.modelrunner.testkit.junit.RequiresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code model-runner run} (the built jar, as a real process) of a request whose model image is
 * only in a private registry ({@link TestRegistry}, basic auth): credentials from a Docker {@code
 * config.json}'s {@code auths}, from a credential helper on the {@code PATH}, and none.
 */
@RequiresDocker(images = TestDocker.BUSYBOX)
@RequiresServer(TestRegistry.Installed.class)
class RunCommandRegistryIT {
  @TempDir static Path registryFolder;
  private static TestRegistry registry;
  private static TestDocker docker;
  private static String source;

  @TempDir Path dir;
  private String image;
  private Path request;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = new TestRegistry(registryFolder);
    docker = new TestDocker();
    source =
        docker.image(
            "private-connector",
            Map.of(
                "Dockerfile",
                "FROM "
                    + TestDocker.BUSYBOX
                    + "\nCOPY model.sh /model.sh\nRUN chmod 755 /model.sh\n"
                    + "ENTRYPOINT [\"/model.sh\"]\n",
                "model.sh",
                RunCommandDockerIT.MODEL));
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (docker != null) {
      docker.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  /** The image is pushed under a fresh tag and is not present locally: running it needs a pull. */
  @BeforeEach
  void pushImageAndWriteRequest() throws Exception {
    image =
        registry.push(
            docker, source, "model-runner-test/private-connector", "t" + UUID.randomUUID());
    String json =
        Files.readString(Path.of(System.getProperty("examples.dir", "../examples"), "request.json"))
            .replace("model-runner/seir-connector:latest", image);
    request = Files.writeString(dir.resolve("request.json"), json);
  }

  @AfterEach
  void removePulledImage() {
    if (docker.exists(image)) {
      docker.client().removeImageCmd(image).exec();
    }
  }

  private JarProcess.Result run(Map<String, String> env, String... extra) throws Exception {
    Map<String, String> environment = new HashMap<>(env);
    environment.put("MODEL_RUNNER_LOG_LEVEL", "TRACE");
    environment.putIfAbsent(
        "DOCKER_CONFIG", Files.createDirectories(dir.resolve("no-docker-config")).toString());
    String[] args = {
      "run",
      request.toString(),
      "--engine",
      "docker",
      "--store",
      dir.resolve("store").toString(),
      "--work-dir",
      dir.resolve("work").toString(),
      "--json"
    };
    String[] all = new String[args.length + extra.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    return JarProcess.run(environment, all);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private void assertCompletedWithoutShowingThePassword(JarProcess.Result result) throws Exception {
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    JsonNode line = JsonMappers.standard().readTree(result.stdoutLines().get(0));
    assertThat(line.path("status").asText()).isEqualTo("complete");
    assertThat(line.path("imageId").asText())
        .isEqualTo(docker.client().inspectImageCmd(source).exec().getId());
    assertThat(result.stderr())
        .as("the pull is logged, with whose credentials but not them")
        .contains("pulling it with credentials for " + registry.host());
    String everything = result.stdout() + result.stderr();
    assertThat(everything)
        .doesNotContain(registry.password())
        .doesNotContain(base64(registry.user() + ":" + registry.password()));
  }

  @Test
  void pullsWithTheAuthsEntryOfTheDockerConfigGiven() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("config.json"),
            "{\"auths\":{\"http://"
                + registry.host()
                + "/v2/\":{\"auth\":\""
                + base64(registry.user() + ":" + registry.password())
                + "\"}}}");

    var result = run(Map.of(), "--docker-config", config.toString());

    assertCompletedWithoutShowingThePassword(result);
  }

  @Test
  void pullsWithTheCredentialHelperTheDockerConfigNamesForTheRegistry() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path helper = bin.resolve("docker-credential-test");
    Files.writeString(
        helper,
        """
        #!/bin/sh
        [ "$1" = get ] || exit 2
        read server
        [ "$server" = "%s" ] || { echo "credentials not found in native keychain"; exit 1; }
        printf '{"ServerURL":"%%s","Username":"%s","Secret":"%s"}' "$server"
        """
            .formatted(registry.host(), registry.user(), registry.password()));
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
    Path dockerConfig = Files.createDirectories(dir.resolve("docker-config"));
    Files.writeString(
        dockerConfig.resolve("config.json"),
        "{\"credHelpers\":{\"" + registry.host() + "\":\"test\"}}");

    var result =
        run(
            Map.of(
                "DOCKER_CONFIG",
                dockerConfig.toString(),
                "PATH",
                bin + java.io.File.pathSeparator + System.getenv("PATH")));

    assertCompletedWithoutShowingThePassword(result);
  }

  @Test
  void withoutCredentialsThePullFailsNamingTheRegistry() throws Exception {
    var result = run(Map.of());

    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCodes.FAILED);
    JsonNode line = JsonMappers.standard().readTree(result.stdoutLines().get(0));
    assertThat(line.path("status").asText()).isEqualTo("failed");
    assertThat(line.path("reason").toString())
        .contains(image)
        .contains("cannot be pulled from " + registry.host())
        .contains("pulled anonymously: no credentials are configured for " + registry.host());
  }

  @Test
  void aCredentialHelperNotOnThePathFailsThePullNamingIt() throws Exception {
    Path config =
        Files.writeString(dir.resolve("config.json"), "{\"credsStore\":\"missing-helper\"}");

    var result = run(Map.of(), "--docker-config", config.toString());

    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCodes.FAILED);
    assertThat(
            JsonMappers.standard().readTree(result.stdoutLines().get(0)).path("reason").toString())
        .contains("docker-credential-missing-helper")
        .contains("credsStore in " + config)
        .contains("is not on the PATH");
  }

  @Test
  void aDockerConfigThatIsNotJsonIsAUsageError() throws Exception {
    Path config = Files.writeString(dir.resolve("config.json"), "{\"auths\": ");

    var result = run(Map.of(), "--docker-config", config.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("--docker-config: Docker config " + config);
  }
}
