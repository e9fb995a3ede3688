package io.modelrunner.core.engine.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionOutcome.Kind;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Workspace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process groups of process-engine models, with real processes and real kills: a runner JVM that is
 * {@code kill -9}ed leaves its model's group running (reparented to init), and {@link
 * ProcessEngine#reapOrphans}, {@link ProcessEngine#reattach} (also with the workspace deleted) or
 * starting the run again then leaves none of its processes running (checked in {@code /proc}); the
 * group of a runner that still runs is left alone; cancel, the deadline and {@link
 * ProcessEngine#close()} kill grandchildren that were reparented to init, SIGTERM first; a pid
 * reused by another process is never killed.
 */
class ProcessEngineGroupIT {
  /** A model with a background grandchild, as a model that starts helpers would have. */
  private static final List<String> SLEEPERS = List.of("sh", "-c", "sleep 300 & sleep 300");

  /** Generous bound for conditions on a loaded machine; never a timing assertion. */
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path dir;
  private Path workRoot;
  private final List<Long> groupsToClean = new ArrayList<>();
  private final List<Process> processesToClean = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(ProcStat.available(), "needs Linux /proc");
    assumeTrue(new ProcessEngine().isolatesProcessGroups(), "needs setsid (util-linux)");
    workRoot = Files.createDirectories(dir.resolve("work"));
  }

  @AfterEach
  void killLeftovers() throws Exception {
    for (Process p : processesToClean) {
      p.destroyForcibly();
    }
    for (long group : groupsToClean) {
      if (!ProcStat.members(group).isEmpty()) {
        new ProcessBuilder("/bin/sh", "-c", "kill -s KILL -- -" + group).start().waitFor();
      }
    }
  }

  @Test
  void aKilledRunnerLeavesItsModelRunningAndReapOrphansKillsTheWholeGroup() throws Exception {
    long group = crashRunner("run-orphan", SLEEPERS);
    assertThat(ProcessRecord.read(workRoot, "run-orphan"))
        .get()
        .satisfies(r -> assertThat(r.processGroup()).isEqualTo(group));

    List<ProcessEngine.ReapedGroup> reaped =
        new ProcessEngine().reapOrphans(workRoot, Set.of("another-run"));

    assertThat(reaped)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.runId()).isEqualTo("run-orphan");
              assertThat(r.processGroup()).isEqualTo(group);
              assertThat(r.processes()).isGreaterThanOrEqualTo(2);
            });
    assertThat(ProcStat.members(group)).as("processes of group %d", group).isEmpty();
    assertThat(ProcessRecord.file(workRoot, "run-orphan")).doesNotExist();
    assertThat(new ProcessEngine().reapOrphans(workRoot, Set.of())).isEmpty();
  }

  @Test
  void reapOrphansLeavesAloneTheGroupsOfARunnerThatStillRunsButNotThoseOfLiveRunsOfADeadOne()
      throws Exception {
    Process runner = startRunner("run-live", SLEEPERS);
    long group = awaitGroup(runner);

    assertThat(new ProcessEngine().reapOrphans(workRoot, Set.of())).isEmpty();
    assertThat(ProcStat.members(group)).hasSizeGreaterThanOrEqualTo(2);

    killRunner(runner, group);
    assertThat(new ProcessEngine().reapOrphans(workRoot, Set.of("run-live")))
        .as("a process model of a live run cannot be reattached either")
        .hasSize(1);
    assertThat(ProcStat.members(group)).isEmpty();
  }

  @Test
  void aWorkspaceDeletedUnderTheModelStillLetsReattachKillIt() throws Exception {
    long group = crashRunner("run-no-workspace", SLEEPERS);
    deleteTree(workRoot.resolve("run-no-workspace"));
    ProcessEngine engine = new ProcessEngine();
    ModelLaunch launch = new ModelLaunch("crash", null, SLEEPERS, Map.of());

    assertThat(
            engine.reattach(
                new ExecutionRequest(
                    "run-no-workspace",
                    launch,
                    Workspace.under(workRoot.resolve("run-no-workspace")),
                    ExecutionLimits.defaults(),
                    Map.of()),
                engine.prepare(launch)))
        .isEmpty();
    assertThat(ProcStat.members(group)).isEmpty();
  }

  @Test
  void aRunStartedAgainFromScratchKillsTheExecutionAStoppedRunnerLeft() throws Exception {
    long earlier = crashRunner("run-again", SLEEPERS);
    // a restarted service that had not recorded the start deletes the stale workspace and runs
    // the run again from scratch
    deleteTree(workRoot.resolve("run-again"));
    ProcessEngine engine = new ProcessEngine();
    Path pids = Files.createDirectories(dir.resolve("pids"));

    ModelExecution again = start(engine, "run-again", SLEEPERS, pids, null);

    assertThat(ProcStat.members(earlier)).as("the earlier execution's group").isEmpty();
    assertThat(ProcessRecord.read(workRoot, "run-again"))
        .get()
        .satisfies(r -> assertThat(r.pid()).isEqualTo(Long.parseLong(again.id())));
    assertThatThrownBy(() -> start(engine, "run-again", SLEEPERS, pids, null))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("already executing");
    again.cancel();
    assertThat(again.await().kind()).isEqualTo(Kind.CANCELLED);
  }

  @Test
  void reattachKillsTheGroupOfAKilledRunnerAndFindsNothingToReattachTo() throws Exception {
    long group = crashRunner("run-resumed", SLEEPERS);
    ProcessEngine engine = new ProcessEngine();
    ModelLaunch launch = new ModelLaunch("crash", null, SLEEPERS, Map.of());
    ExecutionRequest request =
        new ExecutionRequest(
            "run-resumed",
            launch,
            Workspace.under(workRoot.resolve("run-resumed")),
            ExecutionLimits.defaults(),
            Map.of());

    assertThat(engine.reattach(request, engine.prepare(launch))).isEmpty();

    assertThat(ProcStat.members(group)).as("processes of group %d", group).isEmpty();
    assertThat(ProcessRecord.file(workRoot, "run-resumed")).doesNotExist();
    assertThat(engine.reattach(request, engine.prepare(launch))).isEmpty();
  }

  @Test
  void cancelKillsAGrandchildThatWasReparentedToInit() throws Exception {
    ProcessEngine engine = new ProcessEngine();
    Path pids = Files.createDirectories(dir.resolve("pids"));
    ModelExecution execution = start(engine, "run-cancel", orphaningModel(), pids, null);
    long orphan = awaitPid(pids.resolve("orphan"));
    ProcessHandle model = ProcessHandle.of(Long.parseLong(execution.id())).orElseThrow();
    await(
        () -> model.descendants().noneMatch(h -> h.pid() == orphan),
        "the grandchild is reparented to init, out of the model's descendants");
    assertThat(running(orphan)).isTrue();

    execution.cancel();
    ExecutionOutcome outcome = execution.await();

    assertThat(outcome.kind()).isEqualTo(Kind.CANCELLED);
    assertThat(running(orphan)).as("grandchild %d", orphan).isFalse();
    assertThat(ProcStat.members(Long.parseLong(execution.id()))).isEmpty();
    assertThat(ProcessRecord.file(workRoot, "run-cancel")).doesNotExist();
  }

  @Test
  void theDeadlineKillsTheWholeGroup() throws Exception {
    ProcessEngine engine = new ProcessEngine();
    Path pids = Files.createDirectories(dir.resolve("pids"));
    ModelExecution execution =
        start(engine, "run-deadline", orphaningModel(), pids, Duration.ofSeconds(2));

    ExecutionOutcome outcome = execution.await();

    assertThat(outcome.kind()).isEqualTo(Kind.TIMED_OUT);
    assertThat(ProcStat.members(Long.parseLong(execution.id()))).isEmpty();
    if (Files.exists(pids.resolve("orphan"))) {
      assertThat(running(awaitPid(pids.resolve("orphan")))).isFalse();
    }
  }

  @Test
  void cancelSendsSigtermFirstAndSigkillToWhatIgnoresIt() throws Exception {
    ProcessEngine engine = new ProcessEngine(System.getenv(), Duration.ofMillis(200));
    Path pids = Files.createDirectories(dir.resolve("pids"));
    // the grandchild ignores SIGTERM (the disposition is inherited), so only SIGKILL ends it
    List<String> model =
        List.of(
            "sh",
            "-c",
            "trap 'echo got-sigterm; exit 0' TERM\n"
                + "sh -c 'trap \"\" TERM; sleep 300 & echo $! > \"$PIDS/stubborn.tmp\";"
                + " mv \"$PIDS/stubborn.tmp\" \"$PIDS/stubborn\"; wait' &\n"
                + "wait\n");
    ModelExecution execution = start(engine, "run-term", model, pids, null);
    long stubborn = awaitPid(pids.resolve("stubborn"));

    execution.cancel();
    ExecutionOutcome outcome = execution.await();

    assertThat(outcome.kind()).isEqualTo(Kind.CANCELLED);
    assertThat(running(stubborn)).isFalse();
    assertThat(ProcStat.members(Long.parseLong(execution.id()))).isEmpty();
    assertThat(Files.readString(workRoot.resolve("run-term/log/container.log")))
        .contains("got-sigterm");
  }

  @Test
  void closeKillsTheModelsStillRunningAndRefusesNewOnes() throws Exception {
    ProcessEngine engine = new ProcessEngine();
    Path pids = Files.createDirectories(dir.resolve("pids"));
    ModelExecution execution = start(engine, "run-close", orphaningModel(), pids, null);
    long orphan = awaitPid(pids.resolve("orphan"));

    engine.close();

    assertThat(execution.await(Duration.ZERO))
        .get()
        .satisfies(o -> assertThat(o.kind()).isEqualTo(Kind.PLATFORM_ERROR));
    assertThat(running(orphan)).isFalse();
    assertThat(ProcStat.members(Long.parseLong(execution.id()))).isEmpty();
    assertThatThrownBy(() -> start(engine, "run-after-close", SLEEPERS, pids, null))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aReusedPidWithAnotherStartTimeIsNeverKilled() throws Exception {
    // a process that leads its own group, like a model would, but is not the recorded one
    Process stranger = new ProcessBuilder("setsid", "sleep", "300").start();
    processesToClean.add(stranger);
    await(
        () -> ProcStat.of(stranger.pid()).map(s -> s.session() == stranger.pid()).orElse(false),
        "the stranger leads its session");
    ProcStat stat = ProcStat.of(stranger.pid()).orElseThrow();
    Path root = Files.createDirectories(workRoot.resolve("run-reused"));
    new ProcessRecord(
            "run-reused",
            stranger.pid(),
            stranger.pid(),
            stat.startTicks() - 1,
            ProcStat.bootId(),
            0,
            0)
        .write(workRoot);
    ProcessEngine engine = new ProcessEngine();
    ModelLaunch launch = new ModelLaunch("m", null, SLEEPERS, Map.of());
    ModelIdentity identity = engine.prepare(launch);

    assertThat(engine.reapOrphans(workRoot, Set.of())).isEmpty();
    assertThat(
            engine.reattach(
                new ExecutionRequest(
                    "run-reused",
                    launch,
                    Workspace.under(root),
                    ExecutionLimits.defaults(),
                    Map.of()),
                identity))
        .isEmpty();

    assertThat(stranger.isAlive()).isTrue();
    assertThat(running(stranger.pid())).isTrue();
  }

  // --- helpers ---

  /**
   * A model whose child starts a grandchild and exits at once, so that the grandchild is reparented
   * to init (out of {@code ProcessHandle.descendants()}), then sleeps; the grandchild's pid is
   * written to {@code $PIDS/orphan}.
   */
  private static List<String> orphaningModel() {
    return List.of(
        "sh",
        "-c",
        "sh -c 'sleep 300 & echo $! > \"$PIDS/orphan.tmp\"; mv \"$PIDS/orphan.tmp\" \"$PIDS/orphan\"'\n"
            + "sleep 300\n");
  }

  private ModelExecution start(
      ProcessEngine engine, String runId, List<String> command, Path pids, Duration deadline)
      throws IOException {
    Workspace workspace = Workspace.under(workRoot.resolve(runId));
    for (Path folder : List.of(workspace.input(), workspace.output(), workspace.log())) {
      Files.createDirectories(folder);
    }
    Files.writeString(workspace.inputFile(), "{}");
    ModelLaunch launch = new ModelLaunch("m", null, command, Map.of("PIDS", pids.toString()));
    ExecutionLimits limits = ExecutionLimits.defaults();
    if (deadline != null) {
      limits = limits.withDeadline(deadline);
    }
    ModelExecution execution =
        engine.start(
            new ExecutionRequest(runId, launch, workspace, limits, Map.of()),
            engine.prepare(launch));
    groupsToClean.add(Long.parseLong(execution.id()));
    return execution;
  }

  /**
   * Runs {@code command} as a model on a {@link ProcessEngine} in a runner JVM of its own, waits
   * until the model's group has at least two running processes, then kills that JVM with SIGKILL.
   * Checks that the group outlives it (the hazard), and returns the group id.
   */
  private long crashRunner(String runId, List<String> command) throws Exception {
    Process runner = startRunner(runId, command);
    long group = awaitGroup(runner);
    killRunner(runner, group);
    return group;
  }

  /** Starts a runner JVM that runs {@code command} as the model of run {@code runId}. */
  private Process startRunner(String runId, List<String> command) throws Exception {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add(CrashingRunner.class.getName());
    argv.add(workRoot.toString());
    argv.add(runId);
    argv.addAll(command);
    Process runner = new ProcessBuilder(argv).redirectErrorStream(true).start();
    processesToClean.add(runner);
    return runner;
  }

  /**
   * Waits until the model of {@code runner} and a child of it run in the model's own group and
   * session; returns the group id.
   */
  private long awaitGroup(Process runner) throws Exception {
    CompletableFuture<Long> started = new CompletableFuture<>();
    StringBuilder output = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(runner.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  synchronized (output) {
                    output.append(line).append('\n');
                  }
                  if (line.startsWith("started ")) {
                    started.complete(Long.parseLong(line.substring(8).strip()));
                  }
                }
              } catch (IOException e) {
                // the runner was killed
              }
              started.complete(-1L);
            });
    reader.setDaemon(true);
    reader.start();
    long group = started.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    assertThat(group).as("the runner's output:%n%s", output).isPositive();
    groupsToClean.add(group);
    await(() -> ProcStat.members(group).size() >= 2, "the model and its grandchild run");
    assertThat(ProcStat.of(group))
        .get()
        .satisfies(
            s -> {
              assertThat(s.session()).as("the model leads its session").isEqualTo(group);
              assertThat(s.processGroup()).as("the model leads its group").isEqualTo(group);
            });

    return group;
  }

  /** SIGKILLs {@code runner} (no shutdown hook, no close()); its model's group outlives it. */
  private static void killRunner(Process runner, long group) throws Exception {
    runner.destroyForcibly();
    assertThat(runner.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(ProcStat.members(group))
        .as("the model outlives its killed runner")
        .hasSizeGreaterThanOrEqualTo(2);
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static long awaitPid(Path file) throws Exception {
    await(() -> Files.exists(file), file + " is written");
    return Long.parseLong(Files.readString(file).strip());
  }

  private static boolean running(long pid) {
    return ProcStat.of(pid).map(ProcStat::running).orElse(false);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("gave up waiting until " + what);
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }
}
