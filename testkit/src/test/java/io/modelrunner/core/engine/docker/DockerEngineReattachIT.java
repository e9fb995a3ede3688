package io.modelrunner.core.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.WaitContainerResultCallback;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionOutcome.Kind;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.engine.docker.internal.ContainerLauncher;
import io.modelrunner.core.engine.docker.internal.EngineFailures;
import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.engine.Conditions;
import io.modelrunner.testkit.junit.RequiresDocker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runner process stops (a crash: nothing of it runs any more) while its model runs; a new runner
 * with the same runner id supervises the container again. The stopped runner is played by a {@link
 * ContainerLauncher} on the test's own Docker client that creates the container exactly as the
 * engine does, after which the test starts it and forgets it: no supervisor, no log stream.
 */
@RequiresDocker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerEngineReattachIT {
  private static final String RESTART_MARKER = "--- model-runner: runner restarted at ";

  private final String runnerId = "it-reattach-" + UUID.randomUUID();
  private TestDocker docker;
  private TestModels models;
  private DockerEngine engine;
  private ContainerLauncher crashed;

  @TempDir Path temp;

  @BeforeAll
  void startEngine() {
    docker = new TestDocker();
    models = new TestModels(docker);
    engine = new DockerEngine(TestDocker.config(runnerId));
    DockerEngineConfig config = TestDocker.config(runnerId);
    crashed =
        new ContainerLauncher(
            docker.client(),
            new EngineFailures(config.dockerHost()),
            task -> {
              throw new AssertionError("the stopped runner supervises nothing");
            },
            config.tailLines());
  }

  @AfterAll
  void noContainerOfTheseTestsRemains() throws IOException {
    try {
      assertThat(engine.containers(runnerId)).isEmpty();
    } finally {
      engine.reap(runnerId);
      engine.reap(runnerId + "-other");
      engine.close();
      docker.close();
    }
  }

  /** The contract covers the outcome; this is about the log of a reattached container. */
  @Test
  void theLogOfAReattachedContainerMarksTheRestartAndLacksTheOutputWhileNoRunnerListened()
      throws Exception {
    ExecutionRequest request =
        request("running", Map.of("NAP", "release"), ExecutionLimits.defaults());
    Files.writeString(request.workspace().containerLog(), "output before the crash\n");
    String id = startAsTheStoppedRunner(request);
    // the model printed its first line, while no runner listened
    Conditions.await(
        "the model naps", () -> Files.exists(request.workspace().output().resolve("napping")));

    ModelExecution execution = engine.reattach(request, identity(request)).orElseThrow();
    Files.writeString(request.workspace().input().resolve("release"), "");
    ExecutionOutcome outcome = execution.await();

    assertThat(execution.id()).isEqualTo(id);
    assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Kind.SUCCEEDED);
    String log = Files.readString(request.workspace().containerLog());
    assertThat(log)
        .startsWith("output before the crash\n" + RESTART_MARKER)
        .contains("; output while it was down is not in this log ---\n")
        .endsWith("napper done\n")
        .as("printed while no runner was attached: lost with the none log driver")
        .doesNotContain("napper started");
    assertThat(outcome.logTail()).contains("output before the crash", "napper done");
    assertThat(docker.containerExists(id)).isFalse();
  }

  @Test
  void containerThatExitedWhileNoRunnerWatchedIsClassifiedByItsExitCodeAndRemoved()
      throws Exception {
    ExecutionRequest request =
        request("exited", Map.of("NAP", "0", "EXIT", "3"), ExecutionLimits.defaults());
    String id = startAsTheStoppedRunner(request);
    int exit =
        docker
            .client()
            .waitContainerCmd(id)
            .exec(new WaitContainerResultCallback())
            .awaitStatusCode();
    assertThat(exit).isEqualTo(3);

    ModelExecution execution = engine.reattach(request, identity(request)).orElseThrow();
    ExecutionOutcome outcome = execution.await(Duration.ofSeconds(30)).orElseThrow();

    assertThat(outcome.kind()).isEqualTo(Kind.MODEL_ERROR);
    assertThat(outcome.exitCode()).isEqualTo(3);
    assertThat(outcome.detail()).isEqualTo("exited with code 3");
    assertThat(Files.readString(request.workspace().containerLog()))
        .startsWith(RESTART_MARKER)
        .contains("the model had exited with code 3 at ")
        .contains("its output while the runner was down is not in this log ---");
    assertThat(docker.containerExists(id)).isFalse();
  }

  @Test
  void containerCreatedButNeverStartedIsStartedNow() throws Exception {
    ExecutionRequest request = request("created", Map.of("NAP", "0"), ExecutionLimits.defaults());
    String id = crashed.create(request, identity(request), labels(request, runnerId));

    ModelExecution execution = engine.reattach(request, identity(request)).orElseThrow();
    ExecutionOutcome outcome = execution.await(Duration.ofSeconds(30)).orElseThrow();

    assertThat(execution.id()).isEqualTo(id);
    assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Kind.SUCCEEDED);
    assertThat(Files.readString(request.workspace().containerLog()))
        .contains("the container had been created but not started: starting it now ---")
        .contains("napper started", "napper done");
    assertThat(docker.containerExists(id)).isFalse();
  }

  @Test
  void nothingToReattachToWhenTheContainerIsGoneOrAnotherRunnersOwnsIt() throws Exception {
    ExecutionRequest request = request("gone", Map.of("NAP", "300"), ExecutionLimits.defaults());
    assertThat(engine.reattach(request, identity(request))).isEmpty();

    String other = runnerId + "-other";
    String id = crashed.create(request, identity(request), labels(request, other)); // same run id
    try {
      assertThat(engine.reattach(request, identity(request))).isEmpty();
      assertThat(docker.containerExists(id)).as("another runner's container is left").isTrue();
    } finally {
      engine.reap(other);
    }
  }

  @Test
  void reapOrphansRemovesTheContainersOfRunsThatAreNotLive() throws Exception {
    String reaped = runnerId + "-reaped";
    ExecutionRequest live = request("live", Map.of("NAP", "300"), ExecutionLimits.defaults());
    ExecutionRequest orphan = request("orphan", Map.of("NAP", "300"), ExecutionLimits.defaults());
    String liveId = crashed.create(live, identity(live), labels(live, reaped));
    docker.client().startContainerCmd(liveId).exec();
    String orphanId = crashed.create(orphan, identity(orphan), labels(orphan, reaped));
    docker.client().startContainerCmd(orphanId).exec();
    try {
      List<ManagedContainer> removed = engine.reapOrphans(reaped, Set.of(live.runId()));

      assertThat(removed).extracting(ManagedContainer::id).containsExactly(orphanId);
      assertThat(removed.get(0).runId()).isEqualTo(orphan.runId());
      assertThat(docker.containerExists(orphanId)).isFalse();
      assertThat(engine.containers(reaped))
          .extracting(ManagedContainer::id)
          .containsExactly(liveId);
    } finally {
      engine.reap(reaped);
    }
  }

  /** Creates and starts the container as a runner would, then forgets it, as a crash would. */
  private String startAsTheStoppedRunner(ExecutionRequest request) {
    String id = crashed.create(request, identity(request), labels(request, runnerId));
    docker.client().startContainerCmd(id).exec();
    return id;
  }

  private static Map<String, String> labels(ExecutionRequest request, String runner) {
    return Map.of(
        DockerEngine.RUN_ID_LABEL, request.runId(),
        DockerEngine.RUNNER_LABEL, runner,
        DockerEngine.MODEL_LABEL, request.launch().slug());
  }

  private ModelIdentity identity(ExecutionRequest request) {
    return engine.prepare(request.launch());
  }

  private ExecutionRequest request(String name, Map<String, String> env, ExecutionLimits limits)
      throws IOException {
    Workspace ws = Workspace.under(temp.resolve(name));
    Files.createDirectories(ws.input());
    Files.createDirectories(ws.output());
    Files.createDirectories(ws.log());
    for (Path folder : List.of(ws.output(), ws.log())) {
      folder.toFile().setWritable(true, false);
    }
    Files.writeString(ws.inputFile(), "{}");
    return new ExecutionRequest(
        "run-" + name + "-" + UUID.randomUUID(),
        new ModelLaunch("napper", models.napper(), List.of(), env),
        ws,
        limits,
        Map.of());
  }
}
