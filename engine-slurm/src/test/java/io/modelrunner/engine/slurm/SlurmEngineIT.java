package io.modelrunner.engine.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionOutcome.Kind;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Scheduling;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.engine.slurm.internal.SlurmJob;
import io.modelrunner.engine.slurm.internal.SlurmRestV0038;
import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.engine.Conditions;
import io.modelrunner.testkit.engine.ModelBehaviour;
import io.modelrunner.testkit.engine.ModelEngineContract;
import io.modelrunner.testkit.engine.ShellContractModel;
import io.modelrunner.testkit.junit.RequiresDocker;
import io.modelrunner.testkit.junit.RequiresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only a batch scheduler does, on the real cluster of {@code .ci/slurm.sh}: memory enforced by
 * Slurm, runs that wait in Slurm's queue, a cancel while queued, and the loss of the node.
 */
@RequiresDocker(images = TestDocker.BUSYBOX)
@RequiresServer(SlurmCluster.class)
class SlurmEngineIT {
  /** The test cluster's one node has 8 CPUs: a run that asks for them all runs alone. */
  private static final long WHOLE_NODE = 8_000_000_000L;

  private final TestSlurm slurm = TestSlurm.require();
  private final String runnerId = "it-slurm-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<ModelExecution> executions = new ArrayList<>();
  private TestDocker docker;
  private SlurmEngine engine;
  private SlurmRestV0038 rest;
  private Path work;

  @BeforeEach
  void setUp() throws IOException {
    docker = new TestDocker();
    engine = new SlurmEngine(slurm.config(runnerId));
    rest = new SlurmRestV0038(slurm.url(), slurm.user(), SlurmToken.fromFile(slurm.tokenFile()));
    work = slurm.workDirectory("engine-it");
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      executions.forEach(ModelExecution::cancel);
      engine.close();
    } finally {
      docker.close();
    }
  }

  @Test
  void aModelHoldingMoreThanItsMemoryIsOutOfMemory() throws Exception {
    String image =
        docker.image(
            "slurm-memory-hog",
            Map.of(
                "Dockerfile",
                "FROM %s\nENTRYPOINT [\"/bin/sh\", \"-c\", \"tail /dev/zero\"]\n"
                    .formatted(TestDocker.BUSYBOX)));
    ExecutionRequest request =
        request(
            "memory",
            ModelLaunch.image("hog", image),
            ExecutionLimits.defaults().withMemoryBytes(64L << 20));

    ExecutionOutcome outcome = await(start(request));

    assertThat(outcome.kind()).as(describe(outcome)).isEqualTo(Kind.OUT_OF_MEMORY);
    assertThat(outcome.detail()).contains("memory limit of 64 MiB");
  }

  @Test
  void aModelWithOnlyACatalogCommandRunsItAsTheJobWithoutAContainer() throws Exception {
    Map<String, String> env =
        new HashMap<>(ShellContractModel.environment(new ModelBehaviour.Succeed()));
    ExecutionRequest request =
        request(
            "command",
            new ModelLaunch(
                "shell", null, List.of("/bin/sh", "-c", ShellContractModel.SCRIPT), env),
            ExecutionLimits.defaults());

    ModelIdentity identity = engine.prepare(request.launch());
    ModelExecution execution = engine.start(request, identity);
    executions.add(execution);
    ExecutionOutcome outcome = await(execution);

    assertThat(identity.engine()).isEqualTo(SlurmEngine.NAME);
    assertThat(identity.id()).startsWith("command-sha256:");
    assertThat(outcome.kind()).as(describe(outcome)).isEqualTo(Kind.SUCCEEDED);
    assertThat(request.workspace().output().resolve("data.json")).content().contains("token");
    assertThat(request.workspace().containerLog())
        .content()
        .contains(ModelEngineContract.STDOUT_LINE, ModelEngineContract.STDERR_LINE);
    assertThat(Files.getOwner(request.workspace().output().resolve("data.json")).getName())
        .as("written by the job user")
        .isEqualTo(slurm.user());
  }

  @Test
  void runsOfAnImageNotUnpackedYetPreparedAtOnceBothGetItsBundle() throws Exception {
    String image =
        docker.image(
            "slurm-fresh-" + UUID.randomUUID().toString().substring(0, 8),
            Map.of(
                "Dockerfile",
                "FROM %s\nCOPY model.sh /model.sh\nENTRYPOINT [\"/bin/sh\", \"/model.sh\"]\n"
                    .formatted(TestDocker.BUSYBOX),
                "model.sh",
                "# " + UUID.randomUUID() + "\n" + ShellContractModel.SCRIPT));
    ModelLaunch launch = ModelLaunch.image("fresh", image);
    try (SlurmEngine other = new SlurmEngine(slurm.config(runnerId))) {
      var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> engine.prepare(launch));
      var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> other.prepare(launch));

      assertThat(first.get()).isEqualTo(second.get());
      assertThat(
              slurm
                  .sharedDirectory()
                  .resolve("bundles")
                  .resolve(first.get().id().replace("sha256:", ""))
                  .resolve("image.json"))
          .exists();
    }
  }

  @Test
  void reapingCancelsOnlyThisRunnersJobsOfRunsThatAreNoLongerLive() throws Exception {
    ExecutionRequest live = request("live", runUntilKilled(), ExecutionLimits.defaults());
    ExecutionRequest orphan = request("orphan", runUntilKilled(), ExecutionLimits.defaults());
    ExecutionRequest others = request("others", runUntilKilled(), ExecutionLimits.defaults());
    ModelExecution liveRun = start(live);
    ModelExecution orphanRun = start(orphan);
    ModelExecution othersRun;
    try (SlurmEngine otherRunner = new SlurmEngine(slurm.config(runnerId + "-other"))) {
      othersRun = otherRunner.start(others, otherRunner.prepare(others.launch()));
      for (ExecutionRequest r : List.of(live, orphan, others)) {
        awaitStarted(r);
      }

      List<String> reaped = engine.reapOrphans(java.util.Set.of(live.runId()));

      assertThat(reaped).containsExactly("Slurm job " + orphanRun.id() + " of " + orphan.runId());
      ExecutionOutcome outcome = await(orphanRun);
      assertThat(outcome.kind()).as(describe(outcome)).isEqualTo(Kind.PLATFORM_ERROR);
      assertThat(outcome.detail()).contains("cancelled outside the runner");
      assertThat(state(liveRun)).isEqualTo("RUNNING");
      assertThat(state(othersRun)).isEqualTo("RUNNING");
      othersRun.cancel();
      assertThat(await(othersRun).kind()).isEqualTo(Kind.CANCELLED);
    }
  }

  private ModelLaunch runUntilKilled() {
    return contractModel(new ModelBehaviour.RunUntilKilled(), Scheduling.none());
  }

  @Test
  void aRunWaitsInSlurmsQueueWhileTheNodeIsFullAndBothFinish() throws Exception {
    ExecutionRequest first = wholeNode("first", new ModelBehaviour.SucceedWhenReleased());
    ExecutionRequest second = wholeNode("second", new ModelBehaviour.Succeed());
    ModelExecution running = start(first);
    awaitStarted(first);
    ModelExecution queued = start(second);

    Conditions.await("the second run is PENDING in Slurm", () -> state(queued).equals("PENDING"));
    assertThat(queued.await(Duration.ofMillis(300))).as("waits in the queue").isEmpty();
    release(first);

    assertThat(await(running).kind()).isEqualTo(Kind.SUCCEEDED);
    assertThat(await(queued).kind()).isEqualTo(Kind.SUCCEEDED);
    assertThat(second.workspace().output().resolve("data.json")).exists();
  }

  @Test
  void cancelWhileQueuedEndsTheRunAsCancelledAndRemovesTheJob() throws Exception {
    ExecutionRequest blocker = wholeNode("blocker", new ModelBehaviour.RunUntilKilled());
    ExecutionRequest waiting = wholeNode("waiting", new ModelBehaviour.Succeed());
    ModelExecution running = start(blocker);
    awaitStarted(blocker);
    ModelExecution queued = start(waiting);
    Conditions.await("the run is PENDING in Slurm", () -> state(queued).equals("PENDING"));

    queued.cancel();
    ExecutionOutcome outcome = await(queued);

    assertThat(outcome.kind()).as(describe(outcome)).isEqualTo(Kind.CANCELLED);
    assertThat(state(queued)).isEqualTo("CANCELLED");
    assertThat(waiting.workspace().output().resolve("data.json")).doesNotExist();
    running.cancel();
    assertThat(await(running).kind()).isEqualTo(Kind.CANCELLED);
  }

  @Test
  void aLostNodeFailsARunWhoseModelMustNotRunTwice() throws Exception {
    ExecutionRequest request =
        request(
            "node-loss",
            contractModel(new ModelBehaviour.RunUntilKilled(), Scheduling.none()),
            ExecutionLimits.defaults());
    ModelExecution execution = start(request);
    awaitStarted(request);

    ExecutionOutcome outcome;
    try {
      slurm.ctl("stop-slurmd");
      outcome = awaitNodeLoss(execution);
    } finally {
      slurm.ctl("start-slurmd");
    }

    assertThat(outcome.kind()).as(describe(outcome)).isEqualTo(Kind.PLATFORM_ERROR);
    assertThat(outcome.detail()).contains("onNodeLoss is fail");
  }

  @Test
  void aLostNodeRerunsARunWhoseModelMayRunAgain() throws Exception {
    ExecutionRequest request =
        request(
            "node-rerun",
            contractModel(new ModelBehaviour.SucceedWhenReleased(), new Scheduling(Map.of(), true)),
            ExecutionLimits.defaults());
    ModelExecution execution = start(request);
    awaitStarted(request);
    Path started = request.workspace().output().resolve(ModelEngineContract.STARTED_FILE);

    try {
      slurm.ctl("stop-slurmd");
      Conditions.await(
          "Slurm requeues the job of the lost node",
          Duration.ofMinutes(3),
          () -> job(execution).map(j -> j.restarts() > 0).orElse(false));
      Files.deleteIfExists(started);
    } finally {
      slurm.ctl("start-slurmd");
    }
    Conditions.await(
        "the model runs again on the returned node",
        Duration.ofMinutes(3),
        () -> Files.exists(started));
    release(request);
    ExecutionOutcome outcome = await(execution);

    assertThat(outcome.kind()).as(describe(outcome)).isEqualTo(Kind.SUCCEEDED);
    assertThat(request.workspace().containerLog()).content().contains("Slurm requeued job");
    assertThat(request.workspace().output().resolve("data.json")).exists();
  }

  // ---------------------------------------------------------------- helpers

  private ExecutionOutcome awaitNodeLoss(ModelExecution execution) throws InterruptedException {
    Optional<ExecutionOutcome> outcome = execution.await(Duration.ofMinutes(3));
    assertThat(outcome).as("an outcome once Slurm notices the node is gone").isPresent();
    return outcome.get();
  }

  private ExecutionRequest wholeNode(String name, ModelBehaviour behaviour) throws IOException {
    ExecutionLimits limits =
        new ExecutionLimits(
            Duration.ofMinutes(10),
            ExecutionLimits.DEFAULT_MEMORY_BYTES,
            WHOLE_NODE,
            ExecutionLimits.DEFAULT_PIDS_LIMIT,
            ExecutionLimits.DEFAULT_LOG_CAP_BYTES,
            ExecutionLimits.DEFAULT_TMPFS_BYTES,
            false,
            true,
            null);
    return request(name, contractModel(behaviour, Scheduling.none()), limits);
  }

  private ModelLaunch contractModel(ModelBehaviour behaviour, Scheduling scheduling) {
    String image = ShellContractModel.image(docker);
    return new ModelLaunch(
        "contract", image, List.of(), ShellContractModel.environment(behaviour), scheduling);
  }

  private ExecutionRequest request(String name, ModelLaunch launch, ExecutionLimits limits)
      throws IOException {
    Workspace workspace = Workspace.under(work.resolve(name));
    for (Path folder : List.of(workspace.input(), workspace.output(), workspace.log())) {
      Files.createDirectories(folder);
    }
    Files.writeString(workspace.inputFile(), "{\"token\":\"" + UUID.randomUUID() + "\"}");
    return new ExecutionRequest(
        "it-" + name + "-" + UUID.randomUUID().toString().substring(0, 8),
        launch,
        workspace,
        limits,
        new HashMap<>());
  }

  private ModelExecution start(ExecutionRequest request) {
    ModelExecution execution = engine.start(request, engine.prepare(request.launch()));
    executions.add(execution);
    return execution;
  }

  private static void awaitStarted(ExecutionRequest request) throws InterruptedException {
    Path started = request.workspace().output().resolve(ModelEngineContract.STARTED_FILE);
    Conditions.await("the model of " + request.runId() + " runs", () -> Files.exists(started));
  }

  private static void release(ExecutionRequest request) throws IOException {
    Path tmp = request.workspace().input().resolve(ModelEngineContract.RELEASE_FILE + ".tmp");
    Files.writeString(tmp, "go");
    Files.move(tmp, request.workspace().input().resolve(ModelEngineContract.RELEASE_FILE));
  }

  private Optional<SlurmJob> job(ModelExecution execution) {
    return rest.job(Long.parseLong(execution.id()));
  }

  private String state(ModelExecution execution) {
    return job(execution).map(SlurmJob::state).orElse("UNKNOWN");
  }

  private static ExecutionOutcome await(ModelExecution execution) throws InterruptedException {
    Optional<ExecutionOutcome> outcome = execution.await(Duration.ofMinutes(2));
    assertThat(outcome).as("the outcome of Slurm job " + execution.id()).isPresent();
    return outcome.get();
  }

  private static String describe(ExecutionOutcome outcome) {
    return outcome.kind() + " " + outcome.detail() + " " + outcome.logTail();
  }
}
