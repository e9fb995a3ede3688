package io.modelrunner.app.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * RoutingEngine sends adapter:<name> models to the adapters' engine and the rest to the delegate.
 */
class RoutingEngineTest {
  private final List<String> calls = new CopyOnWriteArrayList<>();

  /** Records what it is asked to do. */
  private class Recording implements ModelEngine {
    private final String name;

    Recording(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public ModelIdentity prepare(ModelLaunch launch) {
      calls.add(name + " prepare " + launch.image());
      return new ModelIdentity(name, String.valueOf(launch.image()), "id", null, null);
    }

    @Override
    public ModelExecution start(ExecutionRequest request, ModelIdentity identity) {
      calls.add(name + " start " + identity.reference());
      return new ModelExecution() {
        @Override
        public String id() {
          return name;
        }

        @Override
        public ExecutionOutcome await() {
          return new ExecutionOutcome(ExecutionOutcome.Kind.SUCCEEDED, 0, Duration.ZERO, "", null);
        }

        @Override
        public Optional<ExecutionOutcome> await(Duration timeout) {
          return Optional.of(await());
        }

        @Override
        public void cancel() {}
      };
    }

    @Override
    public Optional<ModelExecution> reattach(ExecutionRequest request, ModelIdentity identity) {
      calls.add(name + " reattach " + identity.reference());
      return Optional.empty();
    }

    @Override
    public void close() {
      calls.add(name + " close");
    }
  }

  private static ExecutionRequest request(ModelLaunch launch) {
    return new ExecutionRequest(
        "r", launch, Workspace.under(Path.of("/tmp/none")), ExecutionLimits.defaults(), Map.of());
  }

  @Test
  void adapterImagesGoToTheAdapterEngineAndEverythingElseToTheDelegate() {
    RoutingEngine routing = new RoutingEngine(new Recording("adapter"), new Recording("docker"));
    assertThat(routing.name()).isEqualTo("docker");

    ModelLaunch adapterModel = ModelLaunch.image("seir", "adapter:seir");
    ModelLaunch imageModel = ModelLaunch.image("seir", "registry.example/seir:1");
    ModelLaunch commandModel = new ModelLaunch("local", null, List.of("python3", "m.py"), Map.of());
    ModelIdentity a = routing.prepare(adapterModel);
    ModelIdentity d = routing.prepare(imageModel);
    routing.prepare(commandModel);
    assertThat(routing.start(request(adapterModel), a).id()).isEqualTo("adapter");
    assertThat(routing.start(request(imageModel), d).id()).isEqualTo("docker");
    routing.reattach(request(adapterModel), a);
    routing.reattach(request(imageModel), d);
    routing.close();

    assertThat(calls)
        .containsExactly(
            "adapter prepare adapter:seir",
            "docker prepare registry.example/seir:1",
            "docker prepare null",
            "adapter start adapter:seir",
            "docker start registry.example/seir:1",
            "adapter reattach adapter:seir",
            "docker reattach registry.example/seir:1",
            "adapter close",
            "docker close");
  }

  @Test
  void closingClosesTheDelegateEvenWhenTheAdapterEngineFails() {
    ModelEngine failing =
        new Recording("adapter") {
          @Override
          public void close() {
            throw new IllegalStateException("boom");
          }
        };
    RoutingEngine routing = new RoutingEngine(failing, new Recording("process"));
    try {
      routing.close();
    } catch (IllegalStateException expected) {
      // reported, after the delegate was closed
    }
    assertThat(calls).containsExactly("process close");
  }
}
