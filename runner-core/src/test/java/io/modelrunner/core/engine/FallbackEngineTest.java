package io.modelrunner.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.core.engine.docker.DockerEngine;
import io.modelrunner.core.engine.docker.DockerEngineConfig;
import io.modelrunner.core.engine.process.ProcessEngine;
import io.modelrunner.core.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Docker engine that cannot run the model, backed by a real process engine. */
class FallbackEngineTest {
  @TempDir Path temp;

  private DockerEngine unreachableDocker() {
    String host = "unix://" + temp.resolve("no-docker.sock");
    return new DockerEngine(
        DockerEngineConfig.fromEnvironment("unit", Map.of("DOCKER_HOST", host)));
  }

  @Test
  void modelWithACommandRunsOnTheFallbackWhenThePrimaryCannotPrepareIt() throws Exception {
    Path script = TestModels.script(temp.resolve("models"), "good.sh", TestModels.GOOD);
    ModelLaunch launch =
        new ModelLaunch("good", "local/missing:1", List.of(script.toString()), Map.of());
    List<String> notices = new ArrayList<>();
    try (var engine = new FallbackEngine(unreachableDocker(), new ProcessEngine(), notices::add)) {
      ModelIdentity identity = engine.prepare(launch);
      assertThat(identity.engine()).isEqualTo("process");
      assertThat(notices)
          .singleElement()
          .asString()
          .startsWith("good: docker cannot run it (Docker engine not reachable")
          .endsWith("running it on the process engine");

      Workspace workspace = Workspace.under(temp.resolve("ws"));
      Files.createDirectories(workspace.input());
      Files.createDirectories(workspace.output());
      Files.createDirectories(workspace.log());
      Files.writeString(workspace.inputFile(), TestModels.CONFIGURATION);
      ExecutionOutcome outcome =
          engine
              .start(
                  new ExecutionRequest(
                      "r1", launch, workspace, ExecutionLimits.defaults(), Map.of()),
                  identity)
              .await();
      assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(ExecutionOutcome.Kind.SUCCEEDED);
      assertThat(workspace.output().resolve("data.json")).isRegularFile();
    }
  }

  @Test
  void modelWithoutACommandFailsWithThePrimarysReason() {
    try (var engine = new FallbackEngine(unreachableDocker(), new ProcessEngine(), notice -> {})) {
      assertThatThrownBy(() -> engine.prepare(ModelLaunch.image("m", "local/missing:1")))
          .isInstanceOf(EngineException.class)
          .hasMessageStartingWith("Docker engine not reachable");
    }
  }

  @Test
  void reattachAsksTheEngineTheIdentityNames() {
    var request =
        new ExecutionRequest(
            "r1",
            ModelLaunch.image("m", "local/m:1"),
            Workspace.under(temp.resolve("ws")),
            ExecutionLimits.defaults(),
            Map.of());
    try (var engine = new FallbackEngine(unreachableDocker(), new ProcessEngine(), notice -> {})) {
      var process = new ModelIdentity("process", "./m.sh", "sha256:abc", null, null);
      assertThat(engine.reattach(request, process)).as("a process cannot be reattached").isEmpty();

      var docker = new ModelIdentity("docker", "local/m:1", "sha256:abc", null, null);
      assertThatThrownBy(() -> engine.reattach(request, docker))
          .isInstanceOf(EngineException.class)
          .hasMessageStartingWith("Docker engine not reachable");
    }
  }
}
