package io.modelrunner.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.testkit.junit.RequiresDocker;
import io.modelrunner.testkit.junit.RequiresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * examples/compose as its README tells an operator to use it: {@code start.sh} brings up the runner
 * image, PostgreSQL, S3Proxy and the callback receiver; the example request dispatched through the
 * API completes, its results are in the bucket and the receiver got both callbacks; {@code
 * docker-compose down -v} removes it all, whatever happened.
 */
@RequiresDocker(images = {Images.JRE, "local/postgresql15:bookworm", "local/python3:bookworm"})
@RequiresServer(DockerCompose.class)
class ComposeStackIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START = Duration.ofMinutes(6);

  @TempDir Path temp;

  @Test
  void exampleRequestCompletesWithResultsInTheBucketAndBothCallbacksReceived() throws Exception {
    Path compose = Installed.repositoryRoot().resolve("examples/compose");
    Path work = Files.createDirectory(temp.resolve("work"));
    // The runner's uid (10001) writes workspaces here; the test may not run as root.
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
    String token = UUID.randomUUID().toString();
    String secret = UUID.randomUUID().toString();
    int runnerPort = freePort();
    int s3Port = freePort();
    int callbacksPort = freePort();
    Map<String, String> env = new HashMap<>();
    env.put(
        "COMPOSE_PROJECT_NAME", "mr-compose-it-" + UUID.randomUUID().toString().substring(0, 8));
    env.put("MODEL_RUNNER_WORK_DIR", work.toString());
    env.put("DISTRIBUTION", Installed.tarball().toString());
    env.put("S3PROXY_JAR", System.getProperty("s3proxy.jar"));
    env.put("RUNNER_API_TOKEN", token);
    env.put("API_SHARED_SECRET", secret);
    env.put("MODEL_RUNNER_PORT", Integer.toString(runnerPort));
    env.put("S3_PORT", Integer.toString(s3Port));
    env.put("CALLBACKS_PORT", Integer.toString(callbacksPort));
    List<String> dockerCompose = DockerCompose.command().orElseThrow();
    Throwable failure = null;
    try {
      Cli.run(List.of("sh", compose.resolve("start.sh").toString()), env, compose, START);

      RunsApi api = new RunsApi(URI.create("http://127.0.0.1:" + runnerPort + "/"), token);
      ObjectNode request =
          (ObjectNode) JSON.readTree(compose.resolveSibling("request.json").toFile());
      request.put("callbackURL", "http://callbacks:8000");
      String runId = api.dispatch(request);
      JsonNode run =
          Await.until(
              "run " + runId + " to end",
              Duration.ofMinutes(3),
              () -> api.ended(runId),
              () -> api.run(runId).path("stage").asText());

      assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("COMPLETE");
      String results = run.path("resultsLocation").asText();
      assertThat(results).startsWith("s3://model-results/runs/simulation-runs/");
      assertThat(bucketKeys(s3Port)).contains(results.substring("s3://model-results/".length()));

      List<JsonNode> callbacks =
          Await.until(
              "the start and final callbacks",
              Duration.ofMinutes(1),
              () -> {
                List<JsonNode> received = callbacks(callbacksPort);
                return received.size() >= 2 ? Optional.of(received) : Optional.empty();
              },
              () -> callbacks(callbacksPort).toString());
      assertThat(callbacks)
          .extracting(c -> c.path("body").path("status").asText())
          .containsExactly("in-progress", "complete");
      assertThat(callbacks)
          .allSatisfy(
              c -> {
                assertThat(c.path("path").asText()).isEqualTo("/api/simulations/example-seir-ny");
                assertThat(c.path("authorized").asBoolean()).isTrue();
              });
      assertThat(callbacks.get(1).path("body").path("resultsLocation").asText()).isEqualTo(results);
    } catch (Exception | AssertionError e) {
      failure = e;
      e.addSuppressed(
          new AssertionError("the stack's logs:\n" + logs(dockerCompose, env, compose)));
      throw e;
    } finally {
      try {
        Cli.run(
            DockerCompose.concat(dockerCompose, List.of("down", "-v", "--remove-orphans")),
            env,
            compose,
            Duration.ofMinutes(2));
      } catch (IOException e) {
        // A failed tear-down must not hide why the test failed.
        if (failure == null) {
          throw e;
        }
        failure.addSuppressed(e);
      }
    }
  }

  private static List<String> bucketKeys(int port) {
    try (S3Client s3 =
        S3Client.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + port))
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        "model-runner-example", "model-runner-example-secret")))
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      return s3
          .listObjectsV2Paginator(b -> b.bucket("model-results").prefix("runs/"))
          .contents()
          .stream()
          .map(S3Object::key)
          .toList();
    }
  }

  private static List<JsonNode> callbacks(int port) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/callbacks"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    List<JsonNode> received = new ArrayList<>();
    JSON.readTree(response.body()).forEach(received::add);
    return received;
  }

  private static String logs(List<String> dockerCompose, Map<String, String> env, Path compose) {
    try {
      return Cli.run(
          DockerCompose.concat(dockerCompose, List.of("logs", "--no-color", "--tail", "60")),
          env,
          compose,
          Duration.ofMinutes(1));
    } catch (IOException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
