package io.modelrunner.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.sun.net.httpserver.HttpServer;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.core.engine.docker.DockerEngine;
import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.docker.TestPodman;
import io.modelrunner.testkit.junit.RequiresServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar model-runner.jar run --engine docker} with {@code DOCKER_HOST} at the rootful
 * Podman service of {@code .ci/podman.sh}: the SEIR connector image, built by Podman from the
 * example module's Dockerfile on the local Python base image, runs through the whole pipeline
 * (validation, execute, collect, export, store, callbacks) on Podman, and no container is left.
 */
@RequiresServer(TestPodman.Available.class)
class PodmanRunIT {
  private static final ObjectMapper MAPPER = JsonMappers.standard();
  private static final String IMAGE = "model-runner-test/podman-seir-connector:1";
  private static final Path MODULE = Path.of("..", "adapter-example-python-model");
  private static final List<String> SOURCES =
      List.of("Dockerfile", "src/main/python/seir.py", "src/main/python/connector.py");

  private static String imageId;

  @TempDir Path dir;
  private HttpServer callbacks;
  private final List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());

  /** Builds the SEIR connector image on Podman, through its Docker-compatible build API. */
  @BeforeAll
  static void buildTheConnectorOnPodman(@TempDir Path context) throws IOException {
    for (String source : SOURCES) {
      Path target = context.resolve(source);
      Files.createDirectories(target.getParent());
      Files.copy(MODULE.resolve(source), target);
    }
    try (TestDocker podman = TestPodman.client()) {
      podman
          .client()
          .buildImageCmd(context.toFile())
          .withBuildArg("BASE_IMAGE", TestDocker.PYTHON)
          .withTags(Set.of(IMAGE))
          .withPull(false)
          .exec(new BuildImageResultCallback())
          .awaitImageId();
      imageId = podman.client().inspectImageCmd(IMAGE).exec().getId();
    }
  }

  @BeforeEach
  void startCallbackEndpoint() throws IOException {
    callbacks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    callbacks.createContext(
        "/",
        exchange -> {
          JsonNode body = MAPPER.readTree(exchange.getRequestBody().readAllBytes());
          ((ObjectNode) body).put("path", exchange.getRequestURI().getPath());
          received.add(body);
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    callbacks.start();
  }

  @AfterEach
  void stopCallbackEndpoint() {
    callbacks.stop(0);
  }

  @Test
  void theSeirConnectorRunsThroughThePipelineOnPodman() throws Exception {
    String configuration = MAPPER.readTree(exampleRequest()).path("configuration").toString();
    var result =
        JarProcess.run(
            Map.of("DOCKER_HOST", TestPodman.host()),
            "run",
            request().toString(),
            "--engine",
            "docker",
            "--store",
            dir.resolve("store").toString(),
            "--work-dir",
            dir.resolve("work").toString(),
            "--json");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stderr()).contains("engine: docker", "[seir] complete");
    JsonNode line = MAPPER.readTree(result.stdoutLines().get(0));
    assertThat(line.path("status").asText()).isEqualTo("complete");
    assertThat(line.path("engine").asText()).isEqualTo("docker");
    assertThat(line.path("imageId").asText())
        .as("the image Podman built (the Docker engine has no such image)")
        .isEqualTo(imageId);

    Path data = Path.of(URI.create(line.path("resultsLocation").asText()));
    assertThat(data).isRegularFile().startsWith(dir.resolve("store").toRealPath());
    JsonNode output = MAPPER.readTree(data.toFile());
    assertThat(output.path("metadata")).isEqualTo(MAPPER.readTree(configuration));
    assertThat(output.path("aggregate").path("metrics").path("incDeath").size()).isPositive();
    assertThat(output.path("time").path("timestamps").size())
        .isEqualTo(output.path("aggregate").path("metrics").path("incDeath").size());
    Path export = Path.of(URI.create(line.path("exportLocation").asText()));
    try (ZipFile zip = new ZipFile(export.toFile())) {
      assertThat(zip.getEntry("input/inputFile.json")).isNotNull();
      assertThat(zip.getEntry("output/data.json")).isNotNull();
      assertThat(new String(zip.getInputStream(zip.getEntry("log/connector.log")).readAllBytes()))
          .contains("seir-connector");
    }
    List<String> artifacts = new ArrayList<>();
    for (JsonNode artifact : line.path("artifacts")) {
      artifacts.add(artifact.path("name").asText());
      assertThat(Path.of(URI.create(artifact.path("location").asText())))
          .isRegularFile()
          .hasSize(artifact.path("size").asLong());
    }
    assertThat(artifacts).contains("data.json", "export.zip", "log/connector.log");

    assertThat(received)
        .extracting(c -> c.path("path").asText() + " " + c.path("status").asText())
        .containsExactly(
            "/api/simulations/podman-seir in-progress", "/api/simulations/podman-seir complete");
    JsonNode complete = received.get(1);
    assertThat(complete.path("modelSlug").asText()).isEqualTo("seir");
    assertThat(complete.path("resultsLocation").asText())
        .isEqualTo(line.path("resultsLocation").asText());

    try (Stream<Path> work = Files.list(dir.resolve("work"))) {
      assertThat(work).as("workspaces are deleted").isEmpty();
    }
    try (TestDocker podman = TestPodman.client()) {
      assertThat(
              podman
                  .client()
                  .listContainersCmd()
                  .withShowAll(true)
                  .withLabelFilter(Map.of(DockerEngine.MODEL_LABEL, "seir"))
                  .withAncestorFilter(List.of(IMAGE))
                  .exec())
          .as("no container of the run is left in Podman")
          .isEmpty();
    }
  }

  @Test
  void aModelThatExitsThreeOnPodmanFailsAsTheModelsErrorWithItsCode() throws Exception {
    String failing;
    try (TestDocker podman = TestPodman.client()) {
      failing =
          podman.image(
              "podman-exit3",
              Map.of(
                  "Dockerfile",
                  "FROM "
                      + TestDocker.BUSYBOX
                      + "\nCOPY model.sh /model.sh\nENTRYPOINT [\"/bin/sh\", \"/model.sh\"]\n",
                  "model.sh",
                  "echo 'cannot calibrate on podman' >&2\nexit 3\n"));
    }
    Path request =
        Files.writeString(
            dir.resolve("failing.json"),
            Files.readString(request()).replace(IMAGE, failing).replace("podman-seir", "podman-3"));

    var result =
        JarProcess.run(
            Map.of("DOCKER_HOST", TestPodman.host()),
            "run",
            request.toString(),
            "--engine",
            "docker",
            "--store",
            dir.resolve("store").toString(),
            "--work-dir",
            dir.resolve("work").toString(),
            "--json");

    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
    JsonNode line = MAPPER.readTree(result.stdoutLines().get(0));
    assertThat(line.path("status").asText()).isEqualTo("failed");
    assertThat(line.path("reason").path("kind").asText()).isEqualTo("model-error");
    assertThat(line.path("reason").path("exitCode").asInt()).isEqualTo(3);
    assertThat(line.path("reason").path("logTail").toString())
        .contains("cannot calibrate on podman");
    assertThat(received)
        .extracting(c -> c.path("path").asText() + " " + c.path("status").asText())
        .containsExactly(
            "/api/simulations/podman-3 in-progress", "/api/simulations/podman-3 failed");
  }

  private String exampleRequest() throws IOException {
    return Files.readString(
        Path.of(System.getProperty("examples.dir", "../examples"), "request.json"),
        StandardCharsets.UTF_8);
  }

  private Path request() throws IOException {
    String callbackUrl = "http://127.0.0.1:" + callbacks.getAddress().getPort();
    String request =
        exampleRequest()
            .replace("\"example-seir-ny\"", "\"podman-seir\"")
            .replace("model-runner/seir-connector:latest", IMAGE)
            .replace("\"callbackURL\": null", "\"callbackURL\": \"" + callbackUrl + "\"");
    assertThat(request).contains(IMAGE, callbackUrl, "podman-seir");
    return Files.writeString(dir.resolve("request.json"), request);
  }
}
