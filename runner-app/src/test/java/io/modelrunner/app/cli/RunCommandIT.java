package io.modelrunner.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.core.callback.CallbackSignature;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar model-runner.jar run} with the process engine, run as a real process. */
class RunCommandIT {
  private static final ObjectMapper MAPPER = JsonMappers.standard();
  private static final String CONFIGURATION =
      "{\"region\":\"US\",\"parameters\":{\"calibrationDate\":\"2020-04-18\","
          + "\"calibrationCaseCount\":1400,\"calibrationDeathCount\":200,\"r0\":null,"
          + "\"interventionPeriods\":[]}}";
  private static final String GOOD_MODEL =
      """
      #!/bin/sh
      set -e
      echo "good model starting"
      M='[0,1,2]'
      printf '{"metadata":%s,"time":{"t0":"2020-03-01","timestamps":[0,1,2],"extent":[0,2]},"aggregate":{"metrics":{"Mild":%s,"ILI":%s,"SARI":%s,"Critical":%s,"CritRecov":%s,"incDeath":%s,"cumMild":%s,"cumILI":%s,"cumSARI":%s,"cumCritical":%s,"cumCritRecov":%s}}}' \\
        "$(cat "$MODEL_INPUT_DIR/inputFile.json")" $M $M $M $M $M $M $M $M $M $M $M > "$MODEL_OUTPUT_DIR/data.json"
      """;
  private static final String FAILING_MODEL = "#!/bin/sh\necho 'cannot calibrate' >&2\nexit 3\n";

  @TempDir Path dir;
  private Path catalog;

  @BeforeEach
  void models() throws IOException {
    Path models = Files.createDirectories(dir.resolve("models"));
    script(models.resolve("good.sh"), GOOD_MODEL);
    script(models.resolve("failing.sh"), FAILING_MODEL);
    catalog =
        Files.writeString(
            models.resolve("catalog.json"),
            "{\"models\":{\"good\":{\"command\":[\"./good.sh\"]},"
                + "\"failing\":{\"command\":[\"./failing.sh\"]}}}");
  }

  private Path request(String callbackURL, String... slugs) throws IOException {
    List<String> models = new ArrayList<>();
    for (String slug : slugs) {
      models.add("{\"slug\":\"" + slug + "\",\"imageURL\":\"local/" + slug + ":1\"}");
    }
    String json =
        "{\"id\":\"cli-1\",\"models\":["
            + String.join(",", models)
            + "],\"configuration\":"
            + CONFIGURATION
            + ",\"callbackURL\":"
            + (callbackURL == null ? "null" : "\"" + callbackURL + "\"")
            + "}";
    return Files.writeString(dir.resolve("request.json"), json);
  }

  private JarProcess.Result run(Map<String, String> env, Path request, String... extra)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                request.toString(),
                "--engine",
                "process",
                "--models",
                catalog.toString(),
                "--store",
                dir.resolve("store").toString(),
                "--work-dir",
                dir.resolve("work").toString()));
    args.addAll(List.of(extra));
    return JarProcess.run(env, args.toArray(String[]::new));
  }

  @Test
  void goodModelExitsZeroAndJsonLinePointsAtStoredResults() throws Exception {
    var result = run(Map.of(), request(null, "good"), "--json");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdoutLines()).hasSize(1);
    JsonNode line = MAPPER.readTree(result.stdoutLines().get(0));
    assertThat(line.path("modelSlug").asText()).isEqualTo("good");
    assertThat(line.path("status").asText()).isEqualTo("complete");
    assertThat(line.path("reason").isNull()).isTrue();
    Path data = Path.of(URI.create(line.path("resultsLocation").asText()));
    Path export = Path.of(URI.create(line.path("exportLocation").asText()));
    assertThat(data).isRegularFile().startsWith(dir.resolve("store").toRealPath());
    assertThat(MAPPER.readTree(data.toFile()).path("metadata"))
        .isEqualTo(MAPPER.readTree(CONFIGURATION));
    try (ZipFile zip = new ZipFile(export.toFile())) {
      assertThat(zip.getEntry("output/data.json")).isNotNull();
      assertThat(zip.getEntry("input/inputFile.json")).isNotNull();
    }
    List<String> names = new ArrayList<>();
    for (JsonNode artifact : line.path("artifacts")) {
      names.add(artifact.path("name").asText());
      assertThat(artifact.path("sha256").asText()).hasSize(64);
      assertThat(Path.of(URI.create(artifact.path("location").asText())))
          .isRegularFile()
          .hasSize(artifact.path("size").asLong());
    }
    assertThat(names).containsExactly("data.json", "export.zip", "log/container.log");
    assertThat(result.stderr())
        .contains("engine: process")
        .contains("[good] execute")
        .contains("[good] complete");
    try (Stream<Path> work = Files.list(dir.resolve("work"))) {
      assertThat(work).as("workspaces are deleted").isEmpty();
    }
  }

  @Test
  void anyFailedModelExitsOneAndTheOthersStillRun() throws Exception {
    var result = run(Map.of(), request(null, "failing", "good"), "--json");

    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
    assertThat(result.stdoutLines()).hasSize(2);
    JsonNode failing = MAPPER.readTree(result.stdoutLines().get(0));
    JsonNode good = MAPPER.readTree(result.stdoutLines().get(1));
    assertThat(failing.path("status").asText()).isEqualTo("failed");
    assertThat(failing.path("reason").path("kind").asText()).isEqualTo("model-error");
    assertThat(failing.path("reason").path("exitCode").asInt()).isEqualTo(3);
    assertThat(failing.path("reason").path("logTail").toString()).contains("cannot calibrate");
    assertThat(failing.path("resultsLocation").asText()).isEmpty();
    assertThat(good.path("status").asText()).isEqualTo("complete");
    assertThat(result.stderr()).contains("[failing] failed", "model-error");
  }

  @Test
  void withoutJsonPrintsWhereTheResultsWent() throws Exception {
    var result = run(Map.of(), request(null, "good"));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdoutLines().get(0)).isEqualTo("good: complete");
    assertThat(result.stdout()).contains("results: file:/", "export:  file:/");
  }

  @Test
  void callbacksCarryTheSecretWhichNeverAppearsInTheOutput() throws Exception {
    String secret = "cli-secret-9f8e7d";
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] raw = exchange.getRequestBody().readAllBytes();
          JsonNode body = MAPPER.readTree(raw);
          var headers = exchange.getRequestHeaders();
          boolean signed =
              io.modelrunner.core.callback.WebhookSignature.verify(
                  secret,
                  headers.getFirst("webhook-id"),
                  headers.getFirst("webhook-timestamp"),
                  headers.getFirst("webhook-signature"),
                  raw,
                  java.time.Duration.ofMinutes(5),
                  java.time.Clock.systemUTC());
          seen.add(
              exchange.getRequestURI().getPath()
                  + " "
                  + headers.getFirst("Authorization")
                  + " "
                  + body.path("status").asText()
                  + " "
                  + body.path("workflowRunID").asText()
                  + " "
                  + body.path("delivery").asText()
                  + (signed && body.path("eventId").asText().equals(headers.getFirst("webhook-id"))
                      ? " signed"
                      : " unsigned"));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      var result =
          run(
              Map.of("API_SHARED_SECRET", secret, "MODEL_RUNNER_LOG_LEVEL", "DEBUG"),
              request(url, "good"),
              "--json",
              "--workflow-run-id",
              "wf-1");

      assertThat(result.exitCode()).as(result.stderr()).isZero();
      assertThat(seen)
          .as("signed with the secret (the default signing key), saying they are best-effort")
          .containsExactly(
              "/api/simulations/cli-1 Bearer " + secret + " in-progress wf-1 best-effort signed",
              "/api/simulations/cli-1 Bearer " + secret + " complete wf-1 best-effort signed");
      assertThat(result.stdout()).doesNotContain(secret);
      assertThat(result.stderr()).doesNotContain(secret).contains("callback");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void modelOptionRunsOnlyThatModelOfTheRequest() throws Exception {
    var result = run(Map.of(), request(null, "failing", "good"), "--json", "--model", "good");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdoutLines()).hasSize(1);
    JsonNode line = MAPPER.readTree(result.stdoutLines().get(0));
    assertThat(line.path("modelSlug").asText()).isEqualTo("good");
    assertThat(line.path("status").asText()).isEqualTo("complete");
    assertThat(result.stderr()).contains("[good] complete").doesNotContain("[failing]");
  }

  @Test
  void modelOptionNamingNoModelOfTheRequestIsAUsageErrorAndRunsNothing() throws Exception {
    var result = run(Map.of(), request(null, "failing", "good"), "--model", "seir");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr())
        .contains("--model seir: ")
        .contains("has no model with that slug; its models are failing, good");
    assertThat(dir.resolve("work")).doesNotExist();
  }

  @Test
  void callbacksAreSignedWithTheKeyNamedAsServeNamesIt() throws Exception {
    String secret = "cli-secret-" + java.util.UUID.randomUUID();
    String signingKey = "cli-signing-" + java.util.UUID.randomUUID();
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] raw = exchange.getRequestBody().readAllBytes();
          var headers = exchange.getRequestHeaders();
          boolean signed =
              CallbackSignature.verify(
                  signingKey,
                  headers.getFirst(CallbackSignature.TIMESTAMP_HEADER),
                  headers.getFirst(CallbackSignature.SIGNATURE_HEADER),
                  raw,
                  CallbackSignature.DEFAULT_TOLERANCE,
                  java.time.Clock.systemUTC());
          boolean signedWithSecret =
              CallbackSignature.verify(
                  secret,
                  headers.getFirst(CallbackSignature.TIMESTAMP_HEADER),
                  headers.getFirst(CallbackSignature.SIGNATURE_HEADER),
                  raw,
                  CallbackSignature.DEFAULT_TOLERANCE,
                  java.time.Clock.systemUTC());
          seen.add(
              MAPPER.readTree(raw).path("status").asText()
                  + " "
                  + headers.getFirst("Authorization")
                  + (signed ? " signed" : signedWithSecret ? " signed-with-secret" : " unsigned"));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      var result =
          run(
              Map.of(
                  "MODEL_RUNNER_CALLBACKS_SECRET",
                  secret,
                  "API_SHARED_SECRET",
                  "the-alias-loses",
                  "MODEL_RUNNER_CALLBACKS_SIGNING_KEY",
                  signingKey,
                  "MODEL_RUNNER_LOG_LEVEL",
                  "DEBUG"),
              request(url, "failing", "good"),
              "--model",
              "good");

      assertThat(result.exitCode()).as(result.stderr()).isZero();
      assertThat(seen)
          .as("only the chosen model's callbacks, signed with the signing key")
          .containsExactly(
              "in-progress Bearer " + secret + " signed", "complete Bearer " + secret + " signed");
      assertThat(result.stdout() + result.stderr()).doesNotContain(secret, signingKey);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void invalidRequestExitsTwoListingTheErrorsAndRunsNothing() throws Exception {
    Path request = request(null, "good");
    Files.writeString(request, Files.readString(request).replace("\"region\":\"US\",", ""));
    var result = run(Map.of(), request, "--json");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr())
        .contains("not a valid run request", "/configuration/region: is required");
    assertThat(dir.resolve("work")).doesNotExist();
  }

  @Test
  void usageErrorsExitTwo() throws Exception {
    Path request = request(null, "good");
    assertThat(JarProcess.run("run").exitCode()).isEqualTo(2);
    assertThat(JarProcess.run("run", request.toString(), "--engine", "podman").exitCode())
        .isEqualTo(2);
    var missing = JarProcess.run("run", dir.resolve("nope.json").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.stderr()).contains("no such file");
    var badCatalog =
        JarProcess.run("run", request.toString(), "--models", dir.resolve("none.json").toString());
    assertThat(badCatalog.exitCode()).isEqualTo(2);
    assertThat(badCatalog.stderr()).contains("models catalog not found");
  }

  @Test
  void aStoreThatCannotBeOpenedIsAUsageErrorNamingTheOption() throws Exception {
    Path request = request(null, "good");
    String models = catalog.toString();
    var unknown =
        JarProcess.run("run", request.toString(), "--models", models, "--store", "gs://bucket");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.stderr())
        .contains("--store: unknown store scheme 'gs': use a folder or a URI with scheme")
        .contains("azure", "file", "s3");
    var badOption =
        JarProcess.run(
            "run",
            request.toString(),
            "--models",
            models,
            "--store",
            "s3://bucket",
            "--store-option",
            "part-size=lots");
    assertThat(badOption.exitCode()).isEqualTo(2);
    assertThat(badOption.stderr()).contains("--store: S3 store option part-size is bytes");
  }

  @Test
  void autoSaysWhichEngineItChoseAndWhy() throws Exception {
    List<String> args =
        List.of(
            "run",
            request(null, "good").toString(),
            "--engine",
            "auto",
            "--models",
            catalog.toString(),
            "--store",
            dir.resolve("store").toString(),
            "--work-dir",
            dir.resolve("work").toString());
    var result = JarProcess.run(args.toArray(String[]::new));
    assertThat(result.stderr()).containsPattern("engine: (docker|process) \\(auto: ");
  }

  private static void script(Path file, String body) throws IOException {
    Files.writeString(file, body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
