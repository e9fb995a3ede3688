package io.modelrunner.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.api.RunStatus;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.core.callback.CallbackClient;
import io.modelrunner.core.callback.CallbackSettings;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.engine.docker.DockerEngine;
import io.modelrunner.core.pipeline.FailureReason.Kind;
import io.modelrunner.core.store.filesystem.FileSystemResultStore;
import io.modelrunner.core.support.TestModels;
import io.modelrunner.core.support.WebAppSink;
import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.junit.RequiresDocker;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole requests through the real pipeline on the real {@link DockerEngine}: busybox-based
 * connector images built locally, the filesystem store and a real HTTP web application.
 */
@RequiresDocker
class DockerPipelineIT {
  /** Unique per test run, so that concurrent builds on one engine do not see each other. */
  private static final String RUNNER_ID =
      "docker-pipeline-it-" + java.util.UUID.randomUUID().toString().substring(0, 8);

  private static TestDocker docker;
  private static DockerEngine engine;

  @TempDir Path dir;
  private WebAppSink webApp;
  private FileSystemResultStore store;

  @BeforeAll
  static void engine() {
    docker = new TestDocker();
    engine = new DockerEngine(TestDocker.config(RUNNER_ID));
  }

  @AfterAll
  static void noContainerOfTheseTestsRemains() throws Exception {
    try {
      assertThat(engine.containers(RUNNER_ID)).isEmpty();
    } finally {
      engine.close();
      docker.close();
    }
  }

  @BeforeEach
  void start() throws Exception {
    webApp = new WebAppSink();
    store = new FileSystemResultStore(dir.resolve("store"));
  }

  @AfterEach
  void stop() {
    webApp.close();
  }

  /** A connector image: busybox with {@code body} as its entrypoint script. */
  private static String connector(String name, String body) {
    String script = "#!/bin/sh\nset -e\nIN=/data/input\nOUT=/data/output\nLOG=/data/log\n" + body;
    return docker.image(
        "pipeline-" + name,
        Map.of(
            "Dockerfile",
            "FROM "
                + TestDocker.BUSYBOX
                + "\nCOPY model.sh /model.sh\nENTRYPOINT [\"/model.sh\"]\n",
            "model.sh",
            script));
  }

  private RunResult run(String image) throws Exception {
    var settings =
        PipelineSettings.defaults(dir.resolve("work"), new SchemaValidator(), "1.0.0-it");
    var callbacks =
        new CallbackClient(
            new CallbackSettings(
                Duration.ofSeconds(5),
                3,
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                "it-secret"));
    var runner =
        new RequestRunner(
            new RunPipeline(engine, store, callbacks, settings), ModelsCatalog.empty(), 1);
    String json =
        TestModels.requestJson("docker-1", webApp.url(), "seir").replace("local/seir:1", image);
    var request =
        RunRequestDocument.of(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json));
    List<RunResult> results = runner.run(request, Cancellation.none(), ProgressListener.NONE);
    return results.get(0);
  }

  @Test
  void busyboxConnectorRunsThroughTheWholePipeline() throws Exception {
    String image = connector("good", TestModels.GOOD);

    RunResult result = run(image);

    assertThat(result.status()).as(String.valueOf(result.reason())).isEqualTo(RunStatus.COMPLETE);
    assertThat(result.identity().engine()).isEqualTo("docker");
    assertThat(result.identity().id()).startsWith("sha256:");
    Path data = Path.of(URI.create(result.resultsLocation()));
    assertThat(data).isRegularFile();
    try (ZipFile zip = new ZipFile(Path.of(URI.create(result.exportLocation())).toFile())) {
      assertThat(zip.stream().map(ZipEntry::getName).toList())
          .contains("input/inputFile.json", "output/data.json", "log/container.log");
    }
    assertThat(Path.of(URI.create(result.artifact("log/container.log").orElseThrow().location())))
        .content()
        .contains("model starting");
    assertThat(webApp.statuses()).containsExactly("in-progress", "complete");
    var start = webApp.received().get(0).body();
    assertThat(start.path("engine").asText()).isEqualTo("docker");
    assertThat(start.path("imageId").asText()).isEqualTo(result.identity().id());
    assertThat(webApp.received().get(0).authorization()).isEqualTo("Bearer it-secret");
    assertThat(Files.list(dir.resolve("work")).toList()).isEmpty();
  }

  @Test
  void symlinkToEtcPasswdInContainerOutputIsNotFollowed() throws Exception {
    String image = connector("symlink", TestModels.GOOD + "ln -s /etc/passwd \"$OUT/passwd\"\n");

    RunResult result = run(image);

    assertThat(result.status()).as(String.valueOf(result.reason())).isEqualTo(RunStatus.COMPLETE);
    assertThat(result.warnings()).contains("passwd: a symbolic link (never followed)");
    try (ZipFile zip = new ZipFile(Path.of(URI.create(result.exportLocation())).toFile())) {
      assertThat(zip.stream().map(ZipEntry::getName)).noneMatch(n -> n.contains("passwd"));
    }
  }

  @Test
  void cancelAnswerToTheStartCallbackMeansNoContainerStarts() throws Exception {
    String image = connector("good", TestModels.GOOD);
    webApp.answer(
        r ->
            r.status().equals("in-progress") ? WebAppSink.Answer.cancel() : WebAppSink.Answer.ok());

    RunResult result = run(image);

    assertThat(result.reason().kind()).isEqualTo(Kind.CANCELLED);
    assertThat(result.timings()).extracting(StageTiming::stage).doesNotContain(Stage.EXECUTE);
    assertThat(webApp.statuses()).containsExactly("in-progress", "failed");
    assertThat(engine.containers(RUNNER_ID)).isEmpty();
  }

  @Test
  void connectorExitingThreeFailsAsModelError() throws Exception {
    String image = connector("exit3", "echo 'cannot calibrate'\nexit 3\n");

    RunResult result = run(image);

    assertThat(result.reason().kind()).isEqualTo(Kind.MODEL_ERROR);
    assertThat(result.reason().exitCode()).isEqualTo(3);
    assertThat(result.reason().logTail()).contains("cannot calibrate");
    assertThat(webApp.statuses()).containsExactly("in-progress", "failed");
  }
}
