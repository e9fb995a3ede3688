package io.modelrunner.core.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.engine.docker.internal.ContainerLauncher;
import io.modelrunner.core.engine.docker.internal.EngineFailures;
import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.engine.ModelBehaviour;
import io.modelrunner.testkit.engine.ModelEngineContract;
import io.modelrunner.testkit.engine.ShellContractModel;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link DockerEngine} under the engine contract, on an engine that speaks the Docker API (Docker
 * itself, or Podman's service): the contract model is {@link ShellContractModel}'s script as the
 * entrypoint of a busybox image built on that engine. A stopped runner is played by a {@link
 * ContainerLauncher} on the test's own client that creates and starts the container exactly as the
 * engine does and then forgets it. After each test no container of the test's runner is left.
 */
abstract class DockerApiEngineContract extends ModelEngineContract {
  private final String runnerId = "it-contract-" + UUID.randomUUID();
  private TestDocker docker;
  private String image;

  /** The configuration of the engine under test, for runner {@code runnerId}. */
  protected abstract DockerEngineConfig config(String runnerId);

  @BeforeEach
  void buildModel() {
    docker = new TestDocker(config("test-docker"));
    image = ShellContractModel.image(docker);
  }

  @AfterEach
  void removeLeftovers() throws Exception {
    try (DockerEngine reaper = new DockerEngine(config(runnerId))) {
      reaper.reap(runnerId);
    } finally {
      docker.close();
    }
  }

  /** The test's client of the engine under test. */
  protected final TestDocker docker() {
    return docker;
  }

  @Override
  protected ModelEngine newEngine() {
    return new DockerEngine(config(runnerId));
  }

  @Override
  protected ModelLaunch launch(ModelBehaviour behaviour, Workspace workspace) {
    return new ModelLaunch("contract", image, List.of(), ShellContractModel.environment(behaviour));
  }

  @Override
  protected UnrunnableModel unrunnableModel() {
    String missing = "localhost:1/model-runner-test/does-not-exist:1";
    return new UnrunnableModel(ModelLaunch.image("missing", missing), missing);
  }

  @Override
  protected void assertReleased(ModelExecution execution, ExecutionRequest request) {
    assertThat(docker.containerExists(execution.id()))
        .as("container %s removed", execution.id())
        .isFalse();
  }

  @Override
  protected void startAsAStoppedRunner(ExecutionRequest request, ModelIdentity identity) {
    DockerEngineConfig config = config(runnerId);
    ContainerLauncher stopped =
        new ContainerLauncher(
            docker.client(),
            new EngineFailures(config.dockerHost()),
            task -> {
              throw new AssertionError("the stopped runner supervises nothing");
            },
            config.tailLines());
    String id =
        stopped.create(
            request,
            identity,
            Map.of(
                DockerEngine.RUN_ID_LABEL, request.runId(),
                DockerEngine.RUNNER_LABEL, runnerId,
                DockerEngine.MODEL_LABEL, request.launch().slug()));
    docker.client().startContainerCmd(id).exec();
  }
}
