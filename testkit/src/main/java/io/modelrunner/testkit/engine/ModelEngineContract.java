package io.modelrunner.testkit.engine;

import static org.apiguardian.api.API.Status.STABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionOutcome.Kind;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.internal.CappedLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apiguardian.api.API;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link ModelEngine}, written once for every engine, in the shape of docker-java's
 * {@code DockerHttpClientTCK}: an engine's test extends it and says how to make the engine ({@link
 * #newEngine()}), how to launch a model that behaves in a given way ({@link #launch}), what the
 * engine can do ({@link #capabilities()}) and how to tell that what ran a model is gone ({@link
 * #assertReleased}). Covered: exit codes, deadlines, cancel, out-of-memory, log capture and cap,
 * reattach after a restart, close, concurrent runs and prepare. A test that needs a {@link
 * Capability} the engine lacks is skipped with the engine's reason.
 *
 * <pre>{@code
 * class ProcessEngineContractIT extends ModelEngineContract {
 *   protected ModelEngine newEngine() { return new ProcessEngine(); }
 *   protected ModelLaunch launch(ModelBehaviour behaviour, Workspace workspace) { ... }
 *   ...
 * }
 * }</pre>
 *
 * Every wait is on a condition (bounded by {@link Conditions#PATIENCE}), never a fixed sleep.
 */
@API(status = STABLE, since = "0.1.0")
public abstract class ModelEngineContract {
  /** For subclasses. */
  protected ModelEngineContract() {}

  /** What {@link ModelBehaviour.Succeed} prints to stdout. */
  public static final String STDOUT_LINE = "contract model: a line on stdout";

  /** What {@link ModelBehaviour.Succeed} prints to stderr. */
  public static final String STDERR_LINE = "contract model: a line on stderr";

  /** The file in {@code output/} a model writes once it runs (the waiting behaviours). */
  public static final String STARTED_FILE = "started";

  /** The file in {@code input/} that releases {@link ModelBehaviour.SucceedWhenReleased}. */
  public static final String RELEASE_FILE = "release";

  /** A deadline far beyond any test; tests of the deadline set a short one. */
  private static final Duration LONG_DEADLINE = Duration.ofMinutes(10);

  private static final Duration SHORT_DEADLINE = Duration.ofSeconds(2);

  @TempDir protected Path temp;

  private final List<ModelEngine> engines = new ArrayList<>();
  private final List<ModelExecution> executions = new ArrayList<>();
  private final List<AutoCloseable> closeLast = new ArrayList<>();
  private ModelEngine engine;

  /**
   * A new engine, ready to run models. Called once before each test and again where a test needs a
   * second instance ("after a restart": it must then find what the first one left, as a restarted
   * runner with the same configuration would). The contract closes each one after the test.
   */
  protected abstract ModelEngine newEngine() throws Exception;

  /**
   * How to launch a model that behaves as {@code behaviour}, in {@code workspace} (whose input is
   * written already: an engine whose models cannot be told their behaviour by the launch may key it
   * by the workspace).
   */
  protected abstract ModelLaunch launch(ModelBehaviour behaviour, Workspace workspace);

  /** What the engine can do, and why it cannot do the rest. */
  protected abstract Capabilities capabilities();

  /**
   * A model this engine cannot prepare (an image that does not exist and cannot be pulled, a
   * command not on {@code PATH}, an adapter nobody registered), and a text the {@link
   * EngineException}'s message must contain.
   */
  protected abstract UnrunnableModel unrunnableModel();

  /**
   * Checks that what ran the model of {@code execution} is gone (container removed, process group
   * empty, adapter run removed): the contract calls it once {@code await} returned.
   */
  protected abstract void assertReleased(ModelExecution execution, ExecutionRequest request)
      throws Exception;

  /**
   * Starts {@code request}'s model as a runner process that then stopped would have left it:
   * started and running, supervised by nothing (no engine instance of this JVM knows it). Needed
   * with {@link Capability#REATTACH}.
   */
  protected void startAsAStoppedRunner(ExecutionRequest request, ModelIdentity identity)
      throws Exception {
    throw new UnsupportedOperationException(
        getClass().getSimpleName()
            + " declares REATTACH but does not override startAsAStoppedRunner");
  }

  /**
   * A model the engine cannot prepare.
   *
   * @param launch the model
   * @param mentioned what the prepare failure's message must mention (the image, the command)
   */
  public record UnrunnableModel(ModelLaunch launch, String mentioned) {}

  @BeforeEach
  final void openEngine() throws Exception {
    engine = open();
  }

  @AfterEach
  final void closeEngines() throws Exception {
    try {
      for (ModelExecution execution : executions) {
        execution.cancel();
      }
    } finally {
      try {
        for (ModelEngine e : engines) {
          e.close();
        }
      } finally {
        for (int i = closeLast.size() - 1; i >= 0; i--) {
          closeLast.get(i).close();
        }
      }
    }
  }

  /**
   * Closes {@code resource} after the test, once its engines are closed (in reverse order of
   * registration): what the engines use, such as an adapter server or a database.
   */
  protected final void closeAfterEngines(AutoCloseable resource) {
    closeLast.add(resource);
  }

  /** The engine of the current test. */
  protected final ModelEngine engine() {
    return engine;
  }

  // ---------------------------------------------------------------- prepare

  @Test
  void prepareNamesThisEngineAndPinsTheSameIdentityEachTime() throws Exception {
    ModelLaunch launch = launch(new ModelBehaviour.Succeed(), workspace("prepare"));

    ModelIdentity first = engine.prepare(launch);

    assertThat(first.engine()).isEqualTo(engine.name());
    assertThat(first.id()).isNotBlank();
    assertThat(engine.prepare(launch)).isEqualTo(first);
  }

  @Test
  void prepareOfAModelThatCannotRunThrowsAnEngineExceptionSayingWhat() {
    UnrunnableModel model = unrunnableModel();

    assertThatThrownBy(() -> engine.prepare(model.launch()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining(model.mentioned());
  }

  // ---------------------------------------------------------------- exit codes

  @Test
  void aModelThatExitsZeroSucceedsWithItsOutputInPlace() throws Exception {
    ExecutionRequest request = request("succeed", new ModelBehaviour.Succeed(), LONG_DEADLINE);
    ModelExecution execution = start(engine, request);

    ExecutionOutcome outcome = await(execution);

    assertThat(execution.id()).isNotBlank();
    assertThat(outcome.kind()).as(describe(outcome)).isEqualTo(Kind.SUCCEEDED);
    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.exitCode()).isEqualTo(has(Capability.EXIT_CODES) ? 0 : null);
    assertThat(outcome.detail()).isEmpty();
    assertThat(dataJson(request)).as("output/data.json").contains(token(request));
    assertReleased(execution, request);
  }

  @Test
  void aNonZeroExitIsTheModelsErrorWithItsCodeAndLastWords() throws Exception {
    String lastWords = "fatal: parameter r0 out of range";
    ExecutionRequest request =
        request("fail", new ModelBehaviour.Fail(3, lastWords), LONG_DEADLINE);
    ModelExecution execution = start(engine, request);

    ExecutionOutcome outcome = await(execution);

    assertThat(outcome.kind()).as(describe(outcome)).isEqualTo(Kind.MODEL_ERROR);
    assertThat(outcome.exitCode()).isEqualTo(has(Capability.EXIT_CODES) ? 3 : null);
    assertThat(outcome.detail()).isNotBlank();
    assertThat(outcome.logTail()).anyMatch(line -> line.contains(lastWords));
    assertThat(request.workspace().output().resolve("data.json")).doesNotExist();
    assertReleased(execution, request);
  }

  // ---------------------------------------------------------------- deadline

  @Test
  void aModelPastItsDeadlineIsKilledAndTimesOut() throws Exception {
    ExecutionRequest request =
        request("deadline", new ModelBehaviour.RunUntilKilled(), SHORT_DEADLINE);
    ModelExecution execution = start(engine, request);

    ExecutionOutcome outcome = await(execution);

    assertThat(outcome.kind()).as(describe(outcome)).isEqualTo(Kind.TIMED_OUT);
    assertThat(outcome.exitCode()).isNull();
    assertThat(outcome.detail()).contains("deadline");
    assertThat(outcome.elapsed()).isGreaterThanOrEqualTo(SHORT_DEADLINE);
    assertReleased(execution, request);
  }

  // ---------------------------------------------------------------- cancel

  @Test
  void cancelKillsARunningModelAndIsIdempotent() throws Exception {
    ExecutionRequest request =
        request("cancel", new ModelBehaviour.RunUntilKilled(), LONG_DEADLINE);
    ModelExecution execution = start(engine, request);
    awaitStarted(request);

    execution.cancel();
    ExecutionOutcome outcome = await(execution);

    assertThat(outcome.kind()).as(describe(outcome)).isEqualTo(Kind.CANCELLED);
    assertThat(outcome.detail()).contains("cancel");
    assertReleased(execution, request);
    execution.cancel();
    assertThat(await(execution)).isEqualTo(outcome);
  }

  @Test
  void cancelRightAfterStartEndsTheExecutionAsCancelled() throws Exception {
    ExecutionRequest request =
        request("cancel-at-once", new ModelBehaviour.RunUntilKilled(), LONG_DEADLINE);
    ModelExecution execution = start(engine, request);

    execution.cancel();
    ExecutionOutcome outcome = await(execution);

    assertThat(outcome.kind()).as(describe(outcome)).isEqualTo(Kind.CANCELLED);
    assertReleased(execution, request);
  }

  @Test
  void cancelAfterTheModelEndedChangesNothing() throws Exception {
    ExecutionRequest request = request("cancel-late", new ModelBehaviour.Succeed(), LONG_DEADLINE);
    ModelExecution execution = start(engine, request);
    ExecutionOutcome outcome = await(execution);

    execution.cancel();

    assertThat(await(execution)).isEqualTo(outcome);
    assertThat(outcome.kind()).as(describe(outcome)).isEqualTo(Kind.SUCCEEDED);
  }

  @Test
  void awaitWithATimeoutIsEmptyWhileTheModelRuns() throws Exception {
    ExecutionRequest request =
        request("released", new ModelBehaviour.SucceedWhenReleased(), LONG_DEADLINE);
    ModelExecution execution = start(engine, request);
    awaitStarted(request);

    assertThat(execution.await(Duration.ofMillis(200))).isEmpty();
    release(request);
    ExecutionOutcome outcome = await(execution);

    assertThat(outcome.kind()).as(describe(outcome)).isEqualTo(Kind.SUCCEEDED);
    assertThat(dataJson(request)).contains(token(request));
    assertReleased(execution, request);
  }

  // ---------------------------------------------------------------- out of memory

  @Test
  void aModelOverItsMemoryLimitIsOutOfMemory() throws Exception {
    require(Capability.OUT_OF_MEMORY);
    long limit = 32L << 20;
    ExecutionRequest request =
        request(
            "memory",
            new ModelBehaviour.AllocateMemory(100L << 20),
            ExecutionLimits.defaults().withDeadline(LONG_DEADLINE).withMemoryBytes(limit));
    ModelExecution execution = start(engine, request);

    ExecutionOutcome outcome = await(execution);

    assertThat(outcome.kind()).as(describe(outcome)).isEqualTo(Kind.OUT_OF_MEMORY);
    assertThat(outcome.detail()).contains("memory limit");
    assertReleased(execution, request);
  }

  // ---------------------------------------------------------------- logs

  @Test
  void stdoutAndStderrGoToTheContainerLog() throws Exception {
    require(Capability.MODEL_OUTPUT_LOGGED);
    ExecutionRequest request = request("log", new ModelBehaviour.Succeed(), LONG_DEADLINE);

    ExecutionOutcome outcome = await(start(engine, request));

    assertThat(outcome.kind()).as(describe(outcome)).isEqualTo(Kind.SUCCEEDED);
    assertThat(request.workspace().containerLog()).content().contains(STDOUT_LINE, STDERR_LINE);
  }

  @Test
  void outputBeyondTheLogCapIsDroppedForOneMarkerLine() throws Exception {
    require(Capability.MODEL_OUTPUT_LOGGED);
    long cap = 64 * 1024;
    ExecutionRequest request =
        request(
            "log-cap",
            new ModelBehaviour.Print(1024 * 1024),
            ExecutionLimits.defaults().withDeadline(LONG_DEADLINE).withLogCapBytes(cap));

    ExecutionOutcome outcome = await(start(engine, request));

    assertThat(outcome.kind()).as(describe(outcome)).isEqualTo(Kind.SUCCEEDED);
    String marker = String.format(CappedLog.TRUNCATED_MARKER, cap);
    Path log = request.workspace().containerLog();
    assertThat(Files.size(log)).isEqualTo(cap + marker.getBytes(StandardCharsets.UTF_8).length);
    assertThat(Files.readString(log)).endsWith(marker);
  }

  // ---------------------------------------------------------------- concurrency

  @Test
  void severalModelsRunAtOnceEachInItsOwnWorkspace() throws Exception {
    List<ExecutionRequest> requests = new ArrayList<>();
    List<ModelExecution> started = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ExecutionRequest request =
          request("parallel-" + i, new ModelBehaviour.SucceedWhenReleased(), LONG_DEADLINE);
      requests.add(request);
      started.add(start(engine, request));
    }
    for (ExecutionRequest request : requests) {
      awaitStarted(request);
    }
    for (ExecutionRequest request : requests) {
      release(request);
    }
    for (int i = 0; i < requests.size(); i++) {
      ExecutionOutcome outcome = await(started.get(i));
      assertThat(outcome.kind()).as(describe(outcome)).isEqualTo(Kind.SUCCEEDED);
      assertThat(dataJson(requests.get(i))).contains(token(requests.get(i)));
    }
    assertThat(started).extracting(ModelExecution::id).doesNotHaveDuplicates();
  }

  // ---------------------------------------------------------------- reattach

  @Test
  void reattachFindsNothingForARunThatNeverStarted() throws Exception {
    ExecutionRequest request = request("never", new ModelBehaviour.Succeed(), LONG_DEADLINE);

    assertThat(engine.reattach(request, engine.prepare(request.launch()))).isEmpty();
  }

  @Test
  void aRestartedEngineReattachesToARunningModelAndSeesItSucceed() throws Exception {
    require(Capability.REATTACH);
    ExecutionRequest request =
        request("reattach", new ModelBehaviour.SucceedWhenReleased(), LONG_DEADLINE);
    ModelIdentity identity = engine.prepare(request.launch());
    startAsAStoppedRunner(request, identity);
    awaitStarted(request);

    ModelEngine restarted = open();
    ModelExecution execution = reattach(restarted, request, identity);
    assertThat(execution.await(Duration.ofMillis(200))).as("still running").isEmpty();
    release(request);
    ExecutionOutcome outcome = await(execution);

    assertThat(outcome.kind()).as(describe(outcome)).isEqualTo(Kind.SUCCEEDED);
    assertThat(dataJson(request)).contains(token(request));
    assertReleased(execution, request);
  }

  @Test
  void aReattachedModelCanBeCancelled() throws Exception {
    require(Capability.REATTACH);
    ExecutionRequest request =
        request("reattach-cancel", new ModelBehaviour.RunUntilKilled(), LONG_DEADLINE);
    ModelIdentity identity = engine.prepare(request.launch());
    startAsAStoppedRunner(request, identity);
    awaitStarted(request);

    ModelExecution execution = reattach(open(), request, identity);
    execution.cancel();
    ExecutionOutcome outcome = await(execution);

    assertThat(outcome.kind()).as(describe(outcome)).isEqualTo(Kind.CANCELLED);
    assertReleased(execution, request);
  }

  @Test
  void aReattachedModelsDeadlineCountsFromItsStartNotFromTheRestart() throws Exception {
    require(Capability.REATTACH);
    ExecutionRequest request =
        request("reattach-late", new ModelBehaviour.RunUntilKilled(), SHORT_DEADLINE);
    ModelIdentity identity = engine.prepare(request.launch());
    long startedAt = System.nanoTime();
    startAsAStoppedRunner(request, identity);
    awaitStarted(request);
    Conditions.await(
        "the model has run past its deadline",
        () -> System.nanoTime() - startedAt > SHORT_DEADLINE.plusMillis(500).toNanos());

    long reattachedAt = System.nanoTime();
    ModelExecution execution = reattach(open(), request, identity);
    ExecutionOutcome outcome = await(execution);

    assertThat(outcome.kind()).as(describe(outcome)).isEqualTo(Kind.TIMED_OUT);
    assertThat(outcome.elapsed()).isGreaterThanOrEqualTo(SHORT_DEADLINE);
    assertThat(Duration.ofNanos(System.nanoTime() - reattachedAt))
        .as("killed at once, not a whole deadline after the restart")
        .isLessThan(Conditions.PATIENCE);
    assertReleased(execution, request);
  }

  // ---------------------------------------------------------------- close

  @Test
  void closingTheEngineEndsItsRunningModelsAndReleasesThem() throws Exception {
    ModelEngine closing = open();
    ExecutionRequest request = request("close", new ModelBehaviour.RunUntilKilled(), LONG_DEADLINE);
    ModelExecution execution = start(closing, request);
    awaitStarted(request);

    closing.close();
    ExecutionOutcome outcome = await(execution);

    assertThat(outcome.kind())
        .as("not the model's own end: " + describe(outcome))
        .isIn(Kind.PLATFORM_ERROR, Kind.CANCELLED);
    assertThat(outcome.detail()).isNotBlank();
    assertReleased(execution, request);
    closing.close(); // twice is harmless
  }

  // ---------------------------------------------------------------- helpers

  /** A new engine that the contract closes after the test. */
  protected final ModelEngine open() throws Exception {
    ModelEngine opened = newEngine();
    engines.add(opened);
    return opened;
  }

  /** A request for a model behaving as {@code behaviour}, in a new workspace, with a deadline. */
  protected final ExecutionRequest request(String name, ModelBehaviour behaviour, Duration deadline)
      throws IOException {
    return request(name, behaviour, ExecutionLimits.defaults().withDeadline(deadline));
  }

  /** A request for a model behaving as {@code behaviour}, in a new workspace, with limits. */
  protected final ExecutionRequest request(
      String name, ModelBehaviour behaviour, ExecutionLimits limits) throws IOException {
    Workspace workspace = workspace(name);
    return new ExecutionRequest(
        "contract-" + name + "-" + UUID.randomUUID().toString().substring(0, 8),
        launch(behaviour, workspace),
        workspace,
        limits,
        java.util.Map.of());
  }

  /** A workspace with its three folders and an input file holding a unique token. */
  protected final Workspace workspace(String name) throws IOException {
    Workspace workspace = Workspace.under(temp.resolve(name));
    for (Path folder : List.of(workspace.input(), workspace.output(), workspace.log())) {
      Files.createDirectories(folder);
      folder.toFile().setWritable(true, false); // for a model that runs as another user
    }
    Files.writeString(workspace.inputFile(), "{\"token\":\"" + UUID.randomUUID() + "\"}");
    return workspace;
  }

  /** Prepares and starts {@code request} on {@code on}; the contract cancels it after the test. */
  protected final ModelExecution start(ModelEngine on, ExecutionRequest request) {
    ModelExecution execution = on.start(request, on.prepare(request.launch()));
    executions.add(execution);
    return execution;
  }

  private ModelExecution reattach(
      ModelEngine on, ExecutionRequest request, ModelIdentity identity) {
    Optional<ModelExecution> found = on.reattach(request, identity);
    assertThat(found)
        .as("the restarted engine finds the execution of " + request.runId())
        .isPresent();
    executions.add(found.get());
    return found.get();
  }

  /** The outcome, waiting at most {@link Conditions#PATIENCE} beyond the request's deadline. */
  protected static ExecutionOutcome await(ModelExecution execution) throws InterruptedException {
    Optional<ExecutionOutcome> outcome = execution.await(Conditions.PATIENCE.multipliedBy(2));
    assertThat(outcome).as("the outcome of " + execution.id()).isPresent();
    return outcome.get();
  }

  /** Waits until the model wrote {@value #STARTED_FILE} into its output folder. */
  protected static void awaitStarted(ExecutionRequest request) throws InterruptedException {
    Path started = request.workspace().output().resolve(STARTED_FILE);
    Conditions.await("the model of " + request.runId() + " runs", () -> Files.exists(started));
  }

  /** Writes {@value #RELEASE_FILE} into the model's input folder. */
  protected static void release(ExecutionRequest request) throws IOException {
    Path tmp = request.workspace().input().resolve(RELEASE_FILE + ".tmp");
    Files.writeString(tmp, "go");
    Files.move(tmp, request.workspace().input().resolve(RELEASE_FILE));
  }

  /** The token the request's input file carries, which a succeeding model copies to its output. */
  protected static String token(ExecutionRequest request) {
    try {
      String input = Files.readString(request.workspace().inputFile());
      return input.substring(input.indexOf(":\"") + 2, input.lastIndexOf('"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String dataJson(ExecutionRequest request) throws IOException {
    return Files.readString(request.workspace().output().resolve("data.json"));
  }

  private boolean has(Capability capability) {
    return capabilities().has(capability);
  }

  private void require(Capability capability) {
    Optional<String> why = capabilities().whyNot(capability);
    Assumptions.assumeTrue(
        why.isEmpty(),
        () -> getClass().getSimpleName() + " cannot do " + capability + ": " + why.orElseThrow());
  }

  private static String describe(ExecutionOutcome outcome) {
    return outcome.kind() + " " + outcome.detail() + " " + outcome.logTail();
  }
}
