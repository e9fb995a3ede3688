package io.modelrunner.core.engine.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.testkit.engine.Capabilities;
import io.modelrunner.testkit.engine.Capability;
import io.modelrunner.testkit.engine.ModelBehaviour;
import io.modelrunner.testkit.engine.ModelEngineContract;
import io.modelrunner.testkit.engine.ShellContractModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@link ProcessEngine} under the engine contract: the contract model is {@code sh -c} with {@link
 * ShellContractModel}'s script. (It lives in the testkit's tests because runner-core's tests cannot
 * depend on the testkit.)
 */
class ProcessEngineContractIT extends ModelEngineContract {

  @Override
  protected ModelEngine newEngine() {
    return new ProcessEngine(System.getenv(), Duration.ofMillis(500));
  }

  @Override
  protected ModelLaunch launch(ModelBehaviour behaviour, Workspace workspace) {
    return new ModelLaunch(
        "contract",
        null,
        List.of("sh", "-c", ShellContractModel.SCRIPT),
        ShellContractModel.environment(behaviour));
  }

  @Override
  protected Capabilities capabilities() {
    return Capabilities.all()
        .without(
            Capability.OUT_OF_MEMORY,
            "the process engine enforces no memory limit (a local process has no cgroup of its"
                + " own), so it never kills a model for its memory")
        .without(
            Capability.REATTACH,
            "a process model's stdout and stderr go to a pipe that dies with the runner, so a"
                + " restarted process engine kills what a stopped runner left instead of"
                + " reattaching (ProcessEngineGroupIT covers that)");
  }

  @Override
  protected UnrunnableModel unrunnableModel() {
    String command = "no-such-contract-model-command";
    return new UnrunnableModel(
        new ModelLaunch("missing", null, List.of(command), Map.of()), command);
  }

  @Override
  protected void assertReleased(ModelExecution execution, ExecutionRequest request) {
    long pid = Long.parseLong(execution.id());
    assertThat(ProcStat.of(pid).map(ProcStat::running).orElse(false))
        .as("process %d runs", pid)
        .isFalse();
    assertThat(ProcStat.members(pid)).as("processes left in group %d", pid).isEmpty();
    assertThat(
            ProcessRecord.file(
                ProcessRecord.workRootOf(request.workspace().root()), request.runId()))
        .doesNotExist();
  }
}
