package io.modelrunner.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.testkit.junit.RequiresDocker;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner image built from the distribution archive: its metadata, its CLI, and {@code serve} in
 * a container running a model on the host's Docker engine through the mounted socket.
 */
@RequiresDocker(images = {Images.JRE, "local/python3:bookworm"})
class RunnerImageIT {
  private static final Duration DOCKER = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static String image;

  @TempDir Path temp;

  @BeforeAll
  static void buildImages() throws Exception {
    image = Images.runner();
    Images.seirConnector();
  }

  @Test
  void imageCarriesTheOciLabelsAHealthcheckAndANonRootUser() throws Exception {
    JsonNode config =
        JSON.readTree(
            Cli.run(
                List.of("docker", "image", "inspect", "--format", "{{json .Config}}", image),
                DOCKER));

    assertThat(config.path("User").asText()).isEqualTo("10001:10001");
    JsonNode labels = config.path("Labels");
    assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo("model-runner");
    assertThat(labels.path("org.opencontainers.image.version").asText())
        .isEqualTo(Installed.version());
    assertThat(labels.path("org.opencontainers.image.licenses").asText()).isEqualTo("MIT");
    assertThat(labels.path("org.opencontainers.image.created").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(labels.path("org.opencontainers.image.revision").asText()).isEqualTo(gitRevision());
    assertThat(labels.has("org.opencontainers.image.source")).isTrue();
    assertThat(config.path("Healthcheck").path("Test").toString()).contains("healthcheck.sh");
    assertThat(config.path("Entrypoint").toString()).contains("/opt/model-runner/bin/model-runner");
    assertThat(config.path("Cmd").toString()).isEqualTo("[\"serve\"]");
  }

  @Test
  void cliLoadsTheApplicationsClassesFromTheArchiveBakedIntoTheImage() throws Exception {
    String output =
        Cli.run(
            List.of(
                "docker",
                "run",
                "--rm",
                "-e",
                "MODEL_RUNNER_OPTS=-Xlog:class+load=info:stdout",
                image,
                "--version"),
            DOCKER);

    assertThat(output)
        .contains(Installed.version())
        .contains("io.modelrunner.app.cli.Main source: shared objects file (top)");
  }

  @Test
  void versionOptionPrintsTheDistributionsVersion() throws Exception {
    String output = Cli.run(List.of("docker", "run", "--rm", image, "--version"), DOCKER);

    assertThat(output).contains(Installed.version());
  }

  @Test
  void servedContainerIsHealthyRunsAsNonRootAndCompletesTheExampleRequestOnTheHostEngine()
      throws Exception {
    // The work dir at the same path inside and outside: the host's engine mounts workspaces by it.
    Path work = Files.createDirectory(temp.resolve("work"));
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
    String token = UUID.randomUUID().toString();
    String name = "model-runner-image-it-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> run = new ArrayList<>(List.of("docker", "run", "-d", "--name", name));
    run.addAll(List.of("--group-add", Images.dockerSocketGroup()));
    run.addAll(List.of("-v", "/var/run/docker.sock:/var/run/docker.sock"));
    run.addAll(List.of("-v", work + ":" + work, "-e", "MODEL_RUNNER_WORK_DIR=" + work));
    run.addAll(List.of("-e", "RUNNER_API_TOKEN=" + token, "-p", "127.0.0.1::8080", image));
    Cli.run(run, DOCKER);
    try {
      String health =
          Await.until(
              "the runner container to become healthy",
              Duration.ofMinutes(3),
              () -> {
                String status = inspect(name, "{{.State.Health.Status}}");
                return status.equals("starting") ? Optional.empty() : Optional.of(status);
              },
              () -> Cli.run(List.of("docker", "logs", "--tail", "30", name), DOCKER));
      assertThat(health).as(Cli.run(List.of("docker", "logs", name), DOCKER)).isEqualTo("healthy");
      assertThat(Cli.run(List.of("docker", "exec", name, "id", "-u"), DOCKER).strip())
          .isEqualTo("10001");

      RunsApi api = new RunsApi(URI.create("http://" + published(name) + "/"), token);
      JsonNode request =
          JSON.readTree(Installed.repositoryRoot().resolve("examples/request.json").toFile());
      String runId = api.dispatch(request);
      JsonNode ended =
          Await.until(
              "run " + runId + " to end",
              Duration.ofMinutes(3),
              () -> api.ended(runId),
              () -> api.run(runId).path("stage").asText());

      assertThat(ended.path("state").asText()).as(ended.toString()).isEqualTo("COMPLETE");
      assertThat(ended.path("identity").path("engine").asText()).isEqualTo("docker");
      assertThat(ended.path("resultsLocation").asText()).endsWith("/public/data.json");
    } finally {
      Cli.run(List.of("docker", "rm", "-f", "-v", name), DOCKER);
    }
  }

  private static String inspect(String container, String format) throws Exception {
    return Cli.run(List.of("docker", "inspect", "--format", format, container), DOCKER).strip();
  }

  /** host:port where the container's 8080 is published. */
  private static String published(String container) throws Exception {
    String line =
        Cli.run(List.of("docker", "port", container, "8080/tcp"), DOCKER)
            .lines()
            .findFirst()
            .orElseThrow();
    return line.strip();
  }

  private static String gitRevision() throws Exception {
    return Cli.run(
            List.of("git", "-C", Installed.repositoryRoot().toString(), "rev-parse", "HEAD"),
            Duration.ofSeconds(30))
        .strip();
  }
}
