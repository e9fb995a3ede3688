package io.modelrunner.core.engine.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionOutcome.Kind;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.support.ProcessTrees;
import io.modelrunner.core.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessEngineTest {
  @TempDir Path dir;
  private Workspace workspace;
  private ProcessEngine engine;

  @BeforeEach
  void setUp() throws Exception {
    workspace = Workspace.under(dir.resolve("ws"));
    for (Path p : List.of(workspace.input(), workspace.output(), workspace.log())) {
      Files.createDirectories(p);
    }
    Files.writeString(workspace.inputFile(), "{}");
    Map<String, String> host = new HashMap<>(System.getenv());
    host.put("API_SHARED_SECRET", "host-secret");
    engine = new ProcessEngine(host);
  }

  private ExecutionOutcome runScript(String body, ExecutionLimits limits) throws Exception {
    Path script = TestModels.script(dir.resolve("bin"), "model.sh", body);
    ModelLaunch launch =
        new ModelLaunch("m", null, List.of(script.toString()), Map.of("MODEL_FLAVOUR", "vanilla"));
    var identity = engine.prepare(launch);
    return engine
        .start(new ExecutionRequest("run-1", launch, workspace, limits, Map.of()), identity)
        .await();
  }

  @Test
  void passesTheFoldersAndLaunchEnvironmentButNotTheRunnersSecrets() throws Exception {
    ExecutionOutcome outcome =
        runScript(
            "echo \"in=$MODEL_INPUT_DIR out=$MODEL_OUTPUT_DIR log=$MODEL_LOG_DIR\"\n"
                + "echo \"flavour=$MODEL_FLAVOUR secret=${API_SHARED_SECRET:-none}\"\n"
                + "echo oops >&2\n",
            ExecutionLimits.defaults());

    assertThat(outcome.kind()).isEqualTo(Kind.SUCCEEDED);
    assertThat(outcome.exitCode()).isZero();
    assertThat(workspace.containerLog())
        .content()
        .contains("in=" + workspace.input().toAbsolutePath())
        .contains("out=" + workspace.output().toAbsolutePath())
        .contains("log=" + workspace.log().toAbsolutePath())
        .contains("flavour=vanilla secret=none")
        .contains("oops");
  }

  @Test
  void cancelKillsTheWholeProcessTree() throws Exception {
    Path script =
        TestModels.script(
            dir.resolve("bin"),
            "tree.sh",
            "sh -c 'sleep 300' &\necho $! > \"$LOG/child.pid\"\nwhile true; do sleep 1; done\n");
    ModelLaunch launch = new ModelLaunch("m", null, List.of(script.toString()), Map.of());
    var execution =
        engine.start(
            new ExecutionRequest("run-2", launch, workspace, ExecutionLimits.defaults(), Map.of()),
            engine.prepare(launch));
    Path pidFile = workspace.log().resolve("child.pid");
    for (int i = 0; i < 100 && !(Files.exists(pidFile) && Files.size(pidFile) > 0); i++) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
    long child = Long.parseLong(Files.readString(pidFile).strip());

    assertThat(execution.await(Duration.ofMillis(10))).isEmpty();
    execution.cancel();
    ExecutionOutcome outcome = execution.await();

    assertThat(outcome.kind()).isEqualTo(Kind.CANCELLED);
    assertThat(ProcessTrees.stopsRunning(child)).isTrue();
    assertThat(ProcessTrees.stopsRunning(Long.parseLong(execution.id()))).isTrue();
    execution.cancel(); // idempotent
    assertThat(execution.await().kind()).isEqualTo(Kind.CANCELLED);
  }

  @Test
  void theModelLeadsItsOwnSessionAndGroupAndIsRecordedWhileItRuns() throws Exception {
    assumeTrue(engine.isolatesProcessGroups(), "needs Linux /proc and setsid");
    Path script =
        TestModels.script(
            dir.resolve("bin"), "wait.sh", "while [ ! -f \"$IN/go\" ]; do sleep 0.05; done\n");
    ModelLaunch launch = new ModelLaunch("m", null, List.of(script.toString()), Map.of());
    var execution =
        engine.start(
            new ExecutionRequest("run-3", launch, workspace, ExecutionLimits.defaults(), Map.of()),
            engine.prepare(launch));
    long pid = Long.parseLong(execution.id());
    for (int i = 0; i < 600 && ProcStat.of(pid).map(s -> s.session() != pid).orElse(true); i++) {
      TimeUnit.MILLISECONDS.sleep(50);
    }

    ProcStat stat = ProcStat.of(pid).orElseThrow();
    assertThat(stat.session()).as("session of the model").isEqualTo(pid);
    assertThat(stat.processGroup()).as("process group of the model").isEqualTo(pid);
    assertThat(ProcessRecord.read(dir, "run-3"))
        .get()
        .satisfies(
            r -> {
              assertThat(r.runId()).isEqualTo("run-3");
              assertThat(r.pid()).isEqualTo(pid);
              assertThat(r.processGroup()).isEqualTo(pid);
              assertThat(r.startTicks()).isEqualTo(stat.startTicks());
              assertThat(r.bootId()).isEqualTo(ProcStat.bootId());
              assertThat(r.runnerPid()).isEqualTo(ProcessHandle.current().pid());
              assertThat(r.runnerAlive()).isTrue();
            });
    assertThat(ProcessRecord.file(dir, "run-3"))
        .as("beside the workspace, so that it survives the workspace")
        .isEqualTo(dir.resolve(".model-runner/processes/run-3.json"))
        .isRegularFile();

    Files.writeString(workspace.input().resolve("go"), "");
    assertThat(execution.await().kind()).isEqualTo(Kind.SUCCEEDED);
    assertThat(ProcessRecord.file(dir, "run-3")).doesNotExist();
  }

  @Test
  void identityChangesWhenTheScriptChanges() throws Exception {
    Path script = TestModels.script(dir.resolve("bin"), "model.sh", "exit 0\n");
    ModelLaunch launch = new ModelLaunch("m", null, List.of("sh", script.toString()), Map.of());
    var first = engine.prepare(launch);
    assertThat(engine.prepare(launch)).isEqualTo(first);
    TestModels.script(dir.resolve("bin"), "model.sh", "exit 1\n");
    var second = engine.prepare(launch);

    assertThat(first.engine()).isEqualTo("process");
    assertThat(first.reference()).isEqualTo("sh " + script);
    assertThat(second.id()).isNotEqualTo(first.id()).startsWith("sha256:");
  }

  @Test
  void missingCommandIsAnEngineExceptionSayingWhatToDo() {
    assertThatThrownBy(() -> engine.prepare(ModelLaunch.image("m", "local/m:1")))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("add \"command\" to its models catalog entry");
    assertThatThrownBy(
            () ->
                engine.prepare(new ModelLaunch("m", null, List.of("no-such-binary-xyz"), Map.of())))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("command not found on PATH: no-such-binary-xyz");
    assertThatThrownBy(
            () ->
                engine.prepare(
                    new ModelLaunch(
                        "m", null, List.of(dir.resolve("nope.sh").toString()), Map.of())))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("not executable");
  }
}
