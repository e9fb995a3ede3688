package io.modelrunner.core.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionOutcome.Kind;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.junit.RequiresDocker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@RequiresDocker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerEngineIT {
  private static final Logger LOG = LoggerFactory.getLogger(DockerEngineIT.class);
  private static final String INPUT = "{\"region\":\"US\",\"parameters\":{\"r0\":2.5}}";

  private final String runnerId = "it-docker-engine-" + UUID.randomUUID();
  private TestDocker docker;
  private TestModels models;
  private DockerEngine engine;

  @TempDir Path temp;

  @BeforeAll
  void startEngine() {
    docker = new TestDocker();
    models = new TestModels(docker);
    engine = new DockerEngine(TestDocker.config(runnerId));
  }

  @AfterAll
  void noContainerOfTheseTestsRemains() throws IOException {
    try {
      assertThat(engine.containers(runnerId)).isEmpty();
    } finally {
      engine.reap(runnerId);
      engine.close();
      docker.close();
    }
  }

  @Test
  void pingsTheEngine() {
    assertThat(engine.ping()).isTrue();
  }

  @Test
  void prepareReturnsTheImageIdAndVersionLabel() {
    String image = models.good();

    ModelIdentity identity = engine.prepare(ModelLaunch.image("good", image));

    assertThat(identity.engine()).isEqualTo("docker");
    assertThat(identity.reference()).isEqualTo(image);
    assertThat(identity.id()).startsWith("sha256:").hasSize(71);
    assertThat(identity.version()).isEqualTo(TestModels.VERSION);
    assertThat(identity.digest()).isNull(); // built locally, never pushed
  }

  @Test
  void prepareOfAMissingImageThatCannotBePulledNamesTheImage() {
    String missing = "localhost:1/model-runner-test/does-not-exist:1";

    assertThatThrownBy(() -> engine.prepare(ModelLaunch.image("missing", missing)))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining(missing)
        .hasMessageContaining("cannot be pulled");
  }

  @Test
  void goodModelGetsItsInputAndRunsSandboxed() throws Exception {
    Workspace ws = workspace("good");
    ModelLaunch launch =
        new ModelLaunch("good", models.good(), List.of(), Map.of("GREETING", "hello"));

    ExecutionOutcome outcome =
        run(new ExecutionRequest("run-good", launch, ws, ExecutionLimits.defaults(), Map.of()));

    assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Kind.SUCCEEDED);
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.detail()).isEmpty();
    String data = Files.readString(ws.output().resolve("data.json"));
    assertThat(data.replaceAll("\\s", ""))
        .contains("\"input\":" + INPUT)
        .contains("\"inputWritable\":false")
        .contains("\"rootWritable\":false")
        .contains("\"tmpWritable\":true")
        .contains("\"capEff\":\"0000000000000000\"")
        .contains("\"interfaces\":\"lo\"")
        .contains("\"greeting\":\"hello\"");
    assertThat(ws.log().resolve("model.log")).hasContent("model log");
    assertThat(Files.readString(ws.containerLog()))
        .contains("good model starting", "a line on stderr", "good model done");
    assertThat(outcome.logTail()).contains("good model done");
  }

  @Test
  void containerCarriesTheRunRunnerModelAndRequestLabels() throws Exception {
    ExecutionRequest request =
        new ExecutionRequest(
            "run-labels",
            ModelLaunch.image("sleeper", models.sleeper()),
            workspace("labels"),
            ExecutionLimits.defaults(),
            Map.of("io.modelrunner.test", "labels"));
    ModelExecution execution = engine.start(request, engine.prepare(request.launch()));
    try {
      Map<String, String> labels =
          docker.client().inspectContainerCmd(execution.id()).exec().getConfig().getLabels();
      assertThat(labels)
          .containsEntry(DockerEngine.RUN_ID_LABEL, "run-labels")
          .containsEntry(DockerEngine.RUNNER_LABEL, runnerId)
          .containsEntry(DockerEngine.MODEL_LABEL, "sleeper")
          .containsEntry("io.modelrunner.test", "labels");
      assertThat(engine.containers(runnerId))
          .anySatisfy(
              c -> {
                assertThat(c.id()).isEqualTo(execution.id());
                assertThat(c.runId()).isEqualTo("run-labels");
                assertThat(c.model()).isEqualTo("sleeper");
                assertThat(c.running()).isTrue();
              });
    } finally {
      execution.cancel();
      execution.await();
    }
  }

  @Test
  void runsAsTheConfiguredUserWhoCanStillWriteOutputAndLog() throws Exception {
    ExecutionLimits d = ExecutionLimits.defaults();
    ExecutionLimits asUser =
        new ExecutionLimits(
            d.deadline(),
            d.memoryBytes(),
            d.nanoCpus(),
            d.pidsLimit(),
            d.logCapBytes(),
            d.tmpfsBytes(),
            false,
            true,
            "12345:12345");
    ExecutionRequest request = request("whoami", models.whoami(), asUser);

    ExecutionOutcome outcome = run(request);

    assertThat(outcome.kind()).as(outcome.logTail().toString()).isEqualTo(Kind.SUCCEEDED);
    assertThat(request.workspace().output().resolve("ids")).hasContent("12345:12345");
    assertThat(request.workspace().log().resolve("ids.log")).hasContent("wrote ids");
  }

  @Test
  void aContainerStoppedFromOutsideTheRunnerIsAPlatformErrorNotTheModels() throws Exception {
    ExecutionRequest request = request("outside", models.sleeper(), ExecutionLimits.defaults());
    ModelExecution execution = engine.start(request, engine.prepare(request.launch()));
    awaitLogLine(request.workspace(), "sleeper started");

    // What a Docker engine that stops (or restarts) does to its containers, and docker stop.
    docker.client().stopContainerCmd(execution.id()).withTimeout(1).exec();
    ExecutionOutcome outcome = execution.await();

    assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Kind.PLATFORM_ERROR);
    assertThat(outcome.exitCode()).isIn(137, 143);
    assertThat(outcome.detail())
        .startsWith("the container was stopped from outside the runner (Docker sent it signal")
        .contains("the Docker engine was stopped or restarted");
    assertThat(docker.containerExists(execution.id())).isFalse();
  }

  @Test
  void aModelKilledByItsOwnSignalIsAModelError() throws Exception {
    ExecutionOutcome outcome = run("selfkill", models.selfKiller(), ExecutionLimits.defaults());

    assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Kind.MODEL_ERROR);
    assertThat(outcome.exitCode()).isEqualTo(137);
  }

  @Test
  void startOfAnImageThatIsGoneThrowsAndLeavesNoContainer() throws Exception {
    ExecutionRequest request = request("gone", models.good(), ExecutionLimits.defaults());
    ModelIdentity gone =
        new ModelIdentity(
            "docker", "model-runner-test/gone:1", "sha256:" + "0".repeat(64), null, null);

    assertThatThrownBy(() -> engine.start(request, gone))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("creating the container of model gone");
    assertThat(engine.containers(runnerId)).noneMatch(c -> "gone".equals(c.model()));
  }

  @Test
  void startOfAnImageWhoseEntrypointIsMissingThrowsAndLeavesNoContainer() throws Exception {
    ExecutionRequest request =
        request("broken", models.brokenEntrypoint(), ExecutionLimits.defaults());
    ModelIdentity identity = engine.prepare(request.launch());

    assertThatThrownBy(() -> engine.start(request, identity))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("starting the container of model broken")
        .hasMessageContaining("/no/such/model");
    assertThat(engine.containers(runnerId)).noneMatch(c -> "broken".equals(c.model()));
  }

  /** Not a benchmark: one measurement per suite run, logged for the record. */
  @Test
  void logsTheTimeOfATrivialRunAgainstDockerRun() throws Exception {
    String image = models.trivial();
    int runs = 5;
    long engineNanos = 0;
    for (int i = 0; i < runs; i++) {
      ExecutionRequest request = request("trivial-" + i, image, ExecutionLimits.defaults());
      long before = System.nanoTime();
      ExecutionOutcome outcome = run(request);
      engineNanos += System.nanoTime() - before;
      assertThat(outcome.kind()).isEqualTo(Kind.SUCCEEDED);
    }
    long cliNanos = 0;
    for (int i = 0; i < runs; i++) {
      long before = System.nanoTime();
      Process cli =
          new ProcessBuilder("docker", "run", "--rm", "--network", "none", image)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertThat(cli.waitFor()).isZero();
      cliNanos += System.nanoTime() - before;
    }
    LOG.info(
        "Trivial run, mean of {}: DockerEngine prepare+start+await (container removed) {} ms;"
            + " `docker run --rm` {} ms",
        runs,
        engineNanos / runs / 1_000_000,
        cliNanos / runs / 1_000_000);
  }

  @Test
  void reapRemovesEveryContainerOfARunner() throws Exception {
    String otherRunner = runnerId + "-crashed";
    try (DockerEngine crashed = new DockerEngine(TestDocker.config(otherRunner))) {
      ExecutionRequest request = request("orphan", models.sleeper(), ExecutionLimits.defaults());
      ModelExecution orphan = crashed.start(request, crashed.prepare(request.launch()));

      List<ManagedContainer> reaped = engine.reap(otherRunner);

      assertThat(reaped).extracting(ManagedContainer::id).containsExactly(orphan.id());
      assertThat(engine.containers(otherRunner)).isEmpty();
      ExecutionOutcome outcome = orphan.await(Duration.ofSeconds(30)).orElseThrow();
      assertThat(outcome.kind()).isNotEqualTo(Kind.SUCCEEDED);
      LOG.info("An execution whose container was reaped ends with: {}", outcome.detail());
    }
  }

  private ExecutionOutcome run(String name, String image, ExecutionLimits limits) throws Exception {
    return run(request(name, image, limits));
  }

  private ExecutionOutcome run(ExecutionRequest request) throws Exception {
    ModelExecution execution = engine.start(request, engine.prepare(request.launch()));
    ExecutionOutcome outcome = execution.await();
    assertThat(docker.containerExists(execution.id())).isFalse();
    return outcome;
  }

  private ExecutionRequest request(String name, String image, ExecutionLimits limits)
      throws IOException {
    return new ExecutionRequest(
        "run-" + name, ModelLaunch.image(name, image), workspace(name), limits, Map.of());
  }

  private Workspace workspace(String name) throws IOException {
    Workspace ws = Workspace.under(temp.resolve(name));
    Files.createDirectories(ws.input());
    Files.writeString(ws.inputFile(), INPUT);
    return ws;
  }

  private static void awaitLogLine(Workspace ws, String line) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < until) {
      if (Files.exists(ws.containerLog()) && Files.readString(ws.containerLog()).contains(line)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the model never printed: " + line);
  }
}
