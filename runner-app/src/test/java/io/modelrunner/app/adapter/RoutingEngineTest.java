package io.modelrunner.app.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.engine.fake.FakeEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * RoutingEngine sends adapter:<name> models to the adapters' engine and the rest to the delegate.
 */
class RoutingEngineTest {
  private final List<String> calls = new CopyOnWriteArrayList<>();

  /** A fake engine that records its calls in {@link #calls}. */
  private FakeEngine fake(String name) {
    return FakeEngine.builder().name(name).journal(calls).build();
  }

  private static ExecutionRequest request(ModelLaunch launch) {
    return new ExecutionRequest(
        "r", launch, Workspace.under(Path.of("/tmp/none")), ExecutionLimits.defaults(), Map.of());
  }

  @Test
  void adapterImagesGoToTheAdapterEngineAndEverythingElseToTheDelegate() {
    RoutingEngine routing = new RoutingEngine(fake("adapter"), fake("docker"));
    assertThat(routing.name()).isEqualTo("docker");

    ModelLaunch adapterModel = ModelLaunch.image("seir", "adapter:seir");
    ModelLaunch imageModel = ModelLaunch.image("seir", "registry.example/seir:1");
    ModelLaunch commandModel = new ModelLaunch("local", null, List.of("python3", "m.py"), Map.of());
    ModelIdentity a = routing.prepare(adapterModel);
    ModelIdentity d = routing.prepare(imageModel);
    routing.prepare(commandModel);
    assertThat(routing.start(request(adapterModel), a).id()).isEqualTo("adapter-1");
    assertThat(routing.start(request(imageModel), d).id()).isEqualTo("docker-1");
    routing.reattach(request(adapterModel), a);
    routing.reattach(request(imageModel), d);
    routing.close();

    assertThat(calls)
        .containsExactly(
            "adapter prepare adapter:seir",
            "docker prepare registry.example/seir:1",
            "docker prepare python3 m.py",
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
        FakeEngine.builder()
            .name("adapter")
            .journal(calls)
            .closeFails(new IllegalStateException("boom"))
            .build();
    RoutingEngine routing = new RoutingEngine(failing, fake("process"));
    try {
      routing.close();
    } catch (IllegalStateException expected) {
      // reported, after the delegate was closed
    }
    assertThat(calls).containsExactly("adapter close", "process close");
  }
}
