package io.modelrunner.app.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.adapter.AdapterConfig;
import io.modelrunner.adapter.AdapterServer;
import io.modelrunner.adapter.ModelAdapter;
import io.modelrunner.adapter.RunContext;
import io.modelrunner.adapter.client.AdapterClient;
import io.modelrunner.api.adapter.Registration;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.app.db.Database;
import io.modelrunner.app.registry.ModelRegistry;
import io.modelrunner.app.registry.MutableClock;
import io.modelrunner.app.registry.RegistryStore;
import io.modelrunner.app.testing.TestDatabases;
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
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@link AdapterEngine} under the engine contract: the contract model is a real adapter (the
 * adapter-sdk's server) whose Java model plays the behaviour the test gave for the run's input,
 * looked up in a real registry (the embedded database). A stopped runner is played by an {@link
 * AdapterClient} that creates, initializes and runs the adapter run and writes the record a runner
 * writes, then forgets it.
 */
class AdapterEngineContractIT extends ModelEngineContract {
  private static final ObjectMapper MAPPER = JsonMappers.standard();
  private static final AdapterClient.Options FAST =
      new AdapterClient.Options(Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(5));

  private final ContractAdapter adapter = new ContractAdapter();
  private ModelRegistry registry;
  private AdapterServer server;

  @Override
  protected ModelEngine newEngine() {
    if (registry == null) {
      Database database = Database.open(TestDatabases.embedded(temp.resolve("db")));
      closeAfterEngines(database);
      registry =
          new ModelRegistry(
              new RegistryStore(database), new MutableClock(), Duration.ofSeconds(90));
      server =
          AdapterServer.start(
              adapter,
              AdapterConfig.builder().host("127.0.0.1").port(0).workers(8).capacity(8).build());
      closeAfterEngines(server);
      registry.register(
          new Registration(
              "contract", adapter.version(), server.rootUri().toString(), 8, 0, "test", null));
    }
    return new AdapterEngine(registry, HttpClient.newHttpClient(), FAST, "/model");
  }

  @Override
  protected ModelLaunch launch(ModelBehaviour behaviour, Workspace workspace) {
    adapter.scripts.put(token(workspace), new Script(behaviour, workspace));
    return ModelLaunch.image("contract", "adapter:contract");
  }

  @Override
  protected Capabilities capabilities() {
    return Capabilities.all()
        .without(
            Capability.EXIT_CODES,
            "the adapter API has no exit codes: a model's failure is the state ERROR with a"
                + " reason")
        .without(
            Capability.MODEL_OUTPUT_LOGGED,
            "an adapter's model output stays on the adapter: log/container.log holds the"
                + " engine's own lifecycle lines, so there is no model output to capture or cap")
        .without(
            Capability.OUT_OF_MEMORY,
            "the adapter API cannot tell an out-of-memory from any other ERROR, and the"
                + " adapter's memory is its own");
  }

  @Override
  protected UnrunnableModel unrunnableModel() {
    return new UnrunnableModel(
        ModelLaunch.image("missing", "adapter:nobody"), "no live READY adapter named nobody");
  }

  @Override
  protected void assertReleased(ModelExecution execution, ExecutionRequest request) {
    String modelRunId = execution.id().substring(execution.id().indexOf('#') + 1);
    assertThat(adapter.removed).as("the adapter removed run %s", modelRunId).contains(modelRunId);
  }

  @Override
  protected void startAsAStoppedRunner(ExecutionRequest request, ModelIdentity identity)
      throws Exception {
    AdapterClient client = new AdapterClient(server.baseUri());
    String modelRunId = client.request().modelRunId();
    client.initialize(modelRunId, MAPPER.readTree(request.workspace().inputFile().toFile()));
    client.run(modelRunId);
    Files.write(
        request.workspace().root().resolve(AdapterEngine.RUN_RECORD),
        MAPPER.writeValueAsBytes(
            new AdapterEngine.RunRecord(identity.id(), modelRunId, Instant.now())));
  }

  private static String token(Workspace workspace) {
    try {
      return MAPPER.readTree(workspace.inputFile().toFile()).path("token").asText();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private record Script(ModelBehaviour behaviour, Workspace workspace) {}

  /** Plays the behaviour scripted for the run's input token. */
  private static final class ContractAdapter extends ModelAdapter<JsonNode> {
    final Map<String, Script> scripts = new ConcurrentHashMap<>();
    final Set<String> removed = ConcurrentHashMap.newKeySet();

    ContractAdapter() {
      super(JsonNode.class);
    }

    @Override
    public String version() {
      return "1.0.0";
    }

    @Override
    public void initialize(JsonNode config) {
      if (!scripts.containsKey(config.path("token").asText())) {
        throw new IllegalArgumentException("no behaviour for this input: " + config);
      }
    }

    @Override
    public Object run(RunContext<JsonNode> context) throws Exception {
      Script script = scripts.get(context.config().path("token").asText());
      ModelBehaviour behaviour = script.behaviour();
      Path output = script.workspace().output();
      if (behaviour instanceof ModelBehaviour.Succeed) {
        return Map.of("input", context.config());
      }
      if (behaviour instanceof ModelBehaviour.Fail fail) {
        throw new IllegalStateException(fail.message());
      }
      if (behaviour instanceof ModelBehaviour.RunUntilKilled) {
        Files.writeString(output.resolve(STARTED_FILE), "");
        new CountDownLatch(1).await(); // until remove interrupts it
      }
      if (behaviour instanceof ModelBehaviour.SucceedWhenReleased) {
        Files.writeString(output.resolve(STARTED_FILE), "");
        Path release = script.workspace().input().resolve(RELEASE_FILE);
        while (!Files.exists(release)) {
          TimeUnit.MILLISECONDS.sleep(20);
        }
        return Map.of("input", context.config());
      }
      throw new UnsupportedOperationException("the contract adapter cannot play " + behaviour);
    }

    @Override
    public void onRemove(String modelRunId) {
      removed.add(modelRunId);
    }
  }
}
