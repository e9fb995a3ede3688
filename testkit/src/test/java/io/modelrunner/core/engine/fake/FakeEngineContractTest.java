package io.modelrunner.core.engine.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionOutcome.Kind;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.testkit.engine.Capabilities;
import io.modelrunner.testkit.engine.Capability;
import io.modelrunner.testkit.engine.ModelBehaviour;
import io.modelrunner.testkit.engine.ModelEngineContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link FakeEngine} under the engine contract, so that the fake the pipeline's tests use behaves
 * as the real engines do where they agree: its behaviour plays each {@link ModelBehaviour} on the
 * workspace (a thread of its own waits for the release file of {@link
 * ModelBehaviour.SucceedWhenReleased}).
 */
class FakeEngineContractTest extends ModelEngineContract {
  private final Map<String, ModelBehaviour> behaviours = new ConcurrentHashMap<>();

  @Override
  protected ModelEngine newEngine() {
    return FakeEngine.builder()
        .identity(
            launch -> {
              if (!behaviours.containsKey(launch.slug())) {
                throw new EngineException("no fake model " + launch.slug());
              }
              return new ModelIdentity(
                  FakeEngine.NAME, launch.slug(), "sha256:fake-" + launch.slug(), null, null);
            })
        .behaviour(this::play)
        .build();
  }

  /** The slug names the workspace, whose behaviour the fake looks up. */
  @Override
  protected ModelLaunch launch(ModelBehaviour behaviour, Workspace workspace) {
    String slug = workspace.root().getFileName().toString();
    behaviours.put(slug, behaviour);
    return new ModelLaunch(slug, null, List.of("fake"), Map.of());
  }

  @Override
  protected Capabilities capabilities() {
    return Capabilities.all()
        .without(
            Capability.MODEL_OUTPUT_LOGGED,
            "the fake runs no model: a behaviour writes log/container.log itself, and nothing"
                + " captures or caps it")
        .without(
            Capability.OUT_OF_MEMORY,
            "the fake enforces no memory limit: a behaviour that wants OUT_OF_MEMORY ends the"
                + " execution with it")
        .without(
            Capability.REATTACH,
            "a fake's executions live in the instance that started them; a new instance"
                + " reattaches only what its reattachWith behaviour scripts");
  }

  @Override
  protected UnrunnableModel unrunnableModel() {
    return new UnrunnableModel(
        new ModelLaunch("unknown", null, List.of("fake"), Map.of()), "no fake model unknown");
  }

  @Override
  protected void assertReleased(ModelExecution execution, ExecutionRequest request) {
    FakeExecution fake = (FakeExecution) execution;
    assertThat(fake.ended()).isTrue();
    assertThat(((FakeEngine) engine()).running()).doesNotContain(fake);
  }

  private void play(ExecutionRequest request, FakeExecution run) {
    ModelBehaviour behaviour = behaviours.get(request.launch().slug());
    Workspace ws = request.workspace();
    if (behaviour instanceof ModelBehaviour.Succeed) {
      succeed(ws, run);
    } else if (behaviour instanceof ModelBehaviour.Fail fail) {
      write(ws.containerLog(), fail.message() + "\n");
      run.end(
          new ExecutionOutcome(
              Kind.MODEL_ERROR,
              fail.exitCode(),
              run.elapsed(),
              "exited with code " + fail.exitCode(),
              List.of(fail.message())));
    } else if (behaviour instanceof ModelBehaviour.RunUntilKilled) {
      write(ws.output().resolve(STARTED_FILE), "");
    } else if (behaviour instanceof ModelBehaviour.SucceedWhenReleased) {
      write(ws.output().resolve(STARTED_FILE), "");
      Thread waiter =
          new Thread(
              () -> {
                Path release = ws.input().resolve(RELEASE_FILE);
                while (!Files.exists(release) && !run.ended()) {
                  try {
                    Thread.sleep(20);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
                if (!run.ended()) {
                  succeed(ws, run);
                }
              },
              "fake-model-" + run.id());
      waiter.setDaemon(true);
      waiter.start();
    } else {
      throw new IllegalArgumentException("the fake cannot play " + behaviour);
    }
  }

  private static void succeed(Workspace ws, FakeExecution run) {
    try {
      String input = Files.readString(ws.inputFile());
      write(ws.output().resolve("data.json"), "{\"input\": " + input + "}\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    run.end(new ExecutionOutcome(Kind.SUCCEEDED, 0, run.elapsed(), "", List.of()));
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
