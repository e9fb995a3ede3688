package io.modelrunner.core.engine.process;

import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A runner in a JVM of its own, for {@link ProcessEngineGroupIT} to {@code kill -9}: starts one
 * model on a {@link ProcessEngine} ({@code WORK_ROOT RUN_ID COMMAND...}), prints {@code started
 * <pid>} and waits for the model forever.
 */
public final class CrashingRunner {
  private CrashingRunner() {}

  public static void main(String[] args) throws Exception {
    Path workRoot = Path.of(args[0]);
    String runId = args[1];
    List<String> command = Arrays.asList(args).subList(2, args.length);
    Workspace workspace = Workspace.under(workRoot.resolve(runId));
    for (Path folder : List.of(workspace.input(), workspace.output(), workspace.log())) {
      Files.createDirectories(folder);
    }
    Files.writeString(workspace.inputFile(), "{}");
    ProcessEngine engine = new ProcessEngine();
    ModelLaunch launch = new ModelLaunch("crash", null, command, Map.of());
    ModelExecution execution =
        engine.start(
            new ExecutionRequest(runId, launch, workspace, ExecutionLimits.defaults(), Map.of()),
            engine.prepare(launch));
    System.out.println("started " + execution.id());
    System.out.flush();
    execution.await();
  }
}
