package io.modelrunner.app.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.modelrunner.adapter.AdapterConfig;
import io.modelrunner.adapter.AdapterServer;
import io.modelrunner.adapter.client.AdapterClient;
import io.modelrunner.api.adapter.Registration;
import io.modelrunner.api.adapter.RegistryStatus;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.app.db.Database;
import io.modelrunner.app.registry.ModelRegistry;
import io.modelrunner.app.registry.MutableClock;
import io.modelrunner.app.registry.RegistryStore;
import io.modelrunner.app.testing.TestDatabases;
import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionOutcome.Kind;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Workspace;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter engine against a real adapter (adapter-sdk's server, a test model returning a valid
 * model output) looked up in a real registry (H2): success, the model's error, cancel, deadline,
 * platform failures, and the lookup's refusals.
 */
class AdapterEngineIT {
  private static final ObjectMapper MAPPER = JsonMappers.standard();
  private static final AdapterClient.Options FAST =
      new AdapterClient.Options(Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(5));

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private final List<AutoCloseable> closeLast = new ArrayList<>();
  private Database database;
  private ModelRegistry registry;
  private AdapterEngine engine;
  private OutputAdapter adapter;
  private AdapterServer adapterServer;
  private int runs;

  @BeforeEach
  void open() {
    database = Database.open(TestDatabases.embedded(dir.resolve("db")));
    registry = new ModelRegistry(new RegistryStore(database), clock, Duration.ofSeconds(90));
    engine = new AdapterEngine(registry, HttpClient.newHttpClient(), FAST, "/model");
  }

  @AfterEach
  void close() throws Exception {
    if (adapter != null) {
      adapter.release();
    }
    engine.close();
    if (adapterServer != null) {
      adapterServer.close();
    }
    for (AutoCloseable c : closeLast) {
      c.close();
    }
    database.close();
  }

  /** Starts the test adapter and registers it as {@code name}, READY. */
  private void startAdapter(String name, AdapterConfig.Builder config) {
    adapter = adapter == null ? new OutputAdapter() : adapter;
    adapterServer = AdapterServer.start(adapter, config.host("127.0.0.1").port(0).build());
    registry.register(
        new Registration(
            name, adapter.version(), adapterServer.rootUri().toString(), 1, 0, "epi", null));
  }

  private void startAdapter(String name) {
    startAdapter(name, AdapterConfig.builder());
  }

  private ExecutionRequest request(String image, Duration deadline) throws Exception {
    Workspace workspace = Workspace.under(dir.resolve("run-" + (++runs)));
    Files.createDirectories(workspace.input());
    Files.createDirectories(workspace.output());
    Files.createDirectories(workspace.log());
    Files.writeString(workspace.inputFile(), OutputAdapter.CONFIGURATION);
    return new ExecutionRequest(
        "run-" + runs,
        ModelLaunch.image("seir", image),
        workspace,
        ExecutionLimits.defaults().withDeadline(deadline),
        Map.of());
  }

  private ModelExecution start(ExecutionRequest request) {
    ModelIdentity identity = engine.prepare(request.launch());
    return engine.start(request, identity);
  }

  private static String log(ExecutionRequest request) throws Exception {
    return Files.readString(request.workspace().containerLog());
  }

  private static ExecutionOutcome await(ModelExecution execution) throws Exception {
    return execution.await(Duration.ofSeconds(30)).orElseThrow();
  }

  private static String modelRunId(ModelExecution execution) {
    return execution.id().substring(execution.id().indexOf('#') + 1);
  }

  @Test
  void prepareFindsTheReadyAdapterByNameAndPinsItsUriAndVersion() {
    startAdapter("seir");
    ModelIdentity identity = engine.prepare(ModelLaunch.image("seir", "adapter:seir"));
    assertThat(identity)
        .isEqualTo(
            new ModelIdentity(
                "adapter", "adapter:seir", adapterServer.rootUri().toString(), null, "3.1.4"));
    assertThat(engine.name()).isEqualTo("adapter");
  }

  @Test
  void aSuccessfulRunWritesTheResultAsDataJsonLogsEveryStepAndRemovesTheRun() throws Exception {
    startAdapter("seir");
    ExecutionRequest request = request("adapter:seir", Duration.ofSeconds(30));
    ModelExecution execution = start(request);
    assertThat(execution.id()).startsWith(adapterServer.rootUri() + "#");

    ExecutionOutcome outcome = await(execution);
    assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Kind.SUCCEEDED);
    assertThat(outcome.exitCode()).isNull();

    JsonNode config = MAPPER.readTree(OutputAdapter.CONFIGURATION);
    assertThat(adapter.initialized).containsExactly(config);
    JsonNode data = MAPPER.readTree(request.workspace().output().resolve("data.json").toFile());
    assertThat(data).isEqualTo(OutputAdapter.output(config));
    assertThat(new SchemaValidator().schema(SchemaName.OUTPUT).validate(data)).isEmpty();

    String runId = modelRunId(execution);
    assertThat(adapter.removed).containsExactly(runId);
    assertThat(log(request))
        .contains("adapter adapter:seir (version 3.1.4) at " + adapterServer.baseUri())
        .contains("request -> ACCEPTED, model run " + runId)
        .contains("initialize -> READY")
        .contains("run -> ")
        .contains("status -> SUCCEEDED")
        .contains("results -> SUCCEEDED")
        .contains("result written to output/data.json")
        .contains("remove -> UNKNOWN")
        .contains("outcome SUCCEEDED");
  }

  @Test
  void theSeedTextsReadyResultsAreAResultToo() throws Exception {
    startAdapter(
        "seir",
        AdapterConfig.builder().resultsState(io.modelrunner.api.adapter.ModelRunState.READY));
    ExecutionRequest request = request("adapter:seir", Duration.ofSeconds(30));
    assertThat(await(start(request)).kind()).isEqualTo(Kind.SUCCEEDED);
    assertThat(log(request)).contains("results -> READY");
    assertThat(request.workspace().output().resolve("data.json")).exists();
  }

  @Test
  void theModelsErrorIsAModelErrorWithTheAdaptersReason() throws Exception {
    adapter = new OutputAdapter();
    adapter.failWith = "diverged at t=3";
    startAdapter("seir");
    ExecutionRequest request = request("adapter:seir", Duration.ofSeconds(30));
    ModelExecution execution = start(request);
    ExecutionOutcome outcome = await(execution);
    assertThat(outcome.kind()).isEqualTo(Kind.MODEL_ERROR);
    assertThat(outcome.detail()).isEqualTo("diverged at t=3");
    assertThat(outcome.logTail()).anyMatch(l -> l.contains("status -> ERROR: diverged at t=3"));
    assertThat(adapter.removed).containsExactly(modelRunId(execution));
    assertThat(request.workspace().output().resolve("data.json")).doesNotExist();
  }

  @Test
  void aConfigurationTheModelRefusesIsAModelErrorWithTheReason() throws Exception {
    adapter = new OutputAdapter();
    adapter.rejectWith = "region US is not calibrated";
    startAdapter("seir");
    ExecutionRequest request = request("adapter:seir", Duration.ofSeconds(30));
    ModelExecution execution = start(request);
    ExecutionOutcome outcome = await(execution);
    assertThat(outcome.kind()).isEqualTo(Kind.MODEL_ERROR);
    // the adapter's reason, verbatim (the SDK prefixes the model's message)
    assertThat(outcome.detail()).isEqualTo("initialize failed: region US is not calibrated");
    assertThat(log(request)).contains("initialize -> ERROR: initialize failed: region US");
    assertThat(adapter.removed).containsExactly(modelRunId(execution));
    assertThat(adapter.started).isEmpty();
  }

  @Test
  void aConfigurationTheSdkAdaptersOwnSchemaRefusesIsAModelErrorNamingTheField() throws Exception {
    Path schema =
        Files.writeString(
            dir.resolve("config.schema.json"),
            "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                + "\"properties\":{\"region\":{\"type\":\"integer\"}}}");
    adapter =
        new OutputAdapter() {
          @Override
          public java.util.Optional<java.net.URI> configSchema() {
            return java.util.Optional.of(schema.toUri());
          }
        };
    startAdapter("seir");
    ExecutionRequest request = request("adapter:seir", Duration.ofSeconds(30));
    ModelExecution execution = start(request);
    ExecutionOutcome outcome = await(execution);
    assertThat(outcome.kind()).isEqualTo(Kind.MODEL_ERROR);
    assertThat(outcome.detail()).startsWith("initialize answered HTTP 422: ").contains("/region");
    assertThat(adapter.initialized).isEmpty();
    assertThat(adapter.removed).containsExactly(modelRunId(execution));
  }

  @Test
  void aResultThatIsNotJsonObjectStillGoesToDataJsonForThePipelineToJudge() throws Exception {
    adapter = new OutputAdapter();
    adapter.resultOverride = MAPPER.readTree("{\"path\":\"/results/x.json\"}");
    startAdapter("seir");
    ExecutionRequest request = request("adapter:seir", Duration.ofSeconds(30));
    assertThat(await(start(request)).kind()).isEqualTo(Kind.SUCCEEDED);
    assertThat(Files.readString(request.workspace().output().resolve("data.json")))
        .isEqualTo("{\"path\":\"/results/x.json\"}");
  }

  @Test
  void cancelStopsPollingRemovesTheRunAtOnceAndIsCancelled() throws Exception {
    adapter = new OutputAdapter();
    adapter.block = true;
    startAdapter("seir");
    ExecutionRequest request = request("adapter:seir", Duration.ofMinutes(5));
    ModelExecution execution = start(request);
    String runId = modelRunId(execution);
    assertThat(waitFor(() -> adapter.started.contains(runId))).isTrue();
    assertThat(execution.await(Duration.ofMillis(100))).isEmpty();

    long cancelled = System.nanoTime();
    execution.cancel();
    ExecutionOutcome outcome = await(execution);
    Duration took = Duration.ofNanos(System.nanoTime() - cancelled);
    assertThat(outcome.kind()).isEqualTo(Kind.CANCELLED);
    assertThat(outcome.detail()).contains("cancelled").contains("removed");
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    assertThat(adapter.removed).as("the adapter saw remove").containsExactly(runId);
    assertThat(adapter.interrupted).as("remove interrupted the model").containsExactly(runId);
    assertThat(log(request)).contains("remove -> UNKNOWN").contains("outcome CANCELLED");
    assertThat(request.workspace().output().resolve("data.json")).doesNotExist();

    execution.cancel(); // idempotent
    assertThat(execution.await()).isEqualTo(outcome);
  }

  @Test
  void aRunWaitingForCapacityProceedsWhenTheAdapterHasRoom() throws Exception {
    adapter = new OutputAdapter();
    adapter.block = true;
    startAdapter("seir", AdapterConfig.builder().capacity(1).workers(1));
    ExecutionRequest first = request("adapter:seir", Duration.ofSeconds(30));
    ModelExecution one = start(first);
    assertThat(waitFor(() -> adapter.started.size() == 1)).isTrue();
    ExecutionRequest second = request("adapter:seir", Duration.ofSeconds(30));
    ModelExecution two = start(second);
    assertThat(log(second)).contains("request -> PENDING");

    adapter.release();
    assertThat(await(one).kind()).isEqualTo(Kind.SUCCEEDED);
    ExecutionOutcome outcome = await(two);
    assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Kind.SUCCEEDED);
    assertThat(log(second)).contains("status -> ACCEPTED");
    assertThat(adapter.removed).hasSize(2);
  }

  @Test
  void noLiveReadyAdapterOfThatNameIsAnEngineException() {
    assertThatThrownBy(() -> engine.prepare(ModelLaunch.image("seir", "adapter:seir")))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith("no live READY adapter named seir in the registry")
        .hasMessageContaining("none is registered");

    registry.register(
        new Registration("seir", "1", "http://busy:1", 1, 1, "epi", RegistryStatus.BUSY));
    assertThatThrownBy(() -> engine.prepare(ModelLaunch.image("seir", "adapter:seir")))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith("no live READY adapter named seir in the registry")
        .hasMessageContaining("http://busy:1 is BUSY");

    registry.register(new Registration("seir", "1", "mqtt://mmvib/seir", 1, 0, null, null));
    assertThatThrownBy(() -> engine.prepare(ModelLaunch.image("seir", "adapter:seir")))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("mqtt://mmvib/seir is not an http(s) adapter");

    assertThatThrownBy(() -> engine.prepare(ModelLaunch.image("seir", "adapter:")))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("names no adapter");
    assertThatThrownBy(() -> engine.prepare(ModelLaunch.image("seir", "registry/seir:1")))
        .isInstanceOf(EngineException.class);
  }

  @Test
  void aRegisteredUriTheHttpClientCannotCallIsAnEngineException() throws Exception {
    registry.register(
        new Registration("compose", "1", "http://project_seir_1:8080", 1, 0, "o", null));
    ExecutionRequest request = request("adapter:compose", Duration.ofSeconds(30));
    ModelIdentity identity = engine.prepare(request.launch());
    assertThatThrownBy(() -> engine.start(request, identity))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("http://project_seir_1:8080")
        .hasMessageContaining("underscore");
  }

  @Test
  void anAdapterWhoseHostNowResolvesToARefusedAddressIsRefusedBeforeItIsCalled() throws Exception {
    java.util.concurrent.atomic.AtomicReference<String> resolvesTo =
        new java.util.concurrent.atomic.AtomicReference<>("127.0.0.1");
    AdapterEngine guarded =
        new AdapterEngine(
            registry,
            HttpClient.newHttpClient(),
            FAST,
            "/model",
            new io.modelrunner.app.registry.AdapterHosts(
                java.util.Set.of(),
                host ->
                    new java.net.InetAddress[] {java.net.InetAddress.getByName(resolvesTo.get())}));
    closeLast.add(guarded);
    registry.register(
        new Registration("rebind", "1", "http://adapter.example.test:8080", 1, 0, "o", null));

    // At registration the name was fine; now it resolves to the cloud metadata address.
    resolvesTo.set("169.254.169.254");
    assertThatThrownBy(() -> guarded.prepare(ModelLaunch.image("rebind", "adapter:rebind")))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("http://adapter.example.test:8080")
        .hasMessageContaining("is refused")
        .hasMessageContaining("169.254.169.254");

    // Picked while fine, rebound before the first call: refused at start, nothing called.
    resolvesTo.set("127.0.0.1");
    ExecutionRequest request = request("adapter:rebind", Duration.ofSeconds(30));
    ModelIdentity identity = guarded.prepare(request.launch());
    resolvesTo.set("fe80::1");
    assertThatThrownBy(() -> guarded.start(request, identity))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("link-local");
  }

  @Test
  void anUnreachableAdapterIsAPlatformError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    registry.register(new Registration("gone", "1", "http://127.0.0.1:" + port, 1, 0, "o", null));
    ExecutionRequest request = request("adapter:gone", Duration.ofSeconds(30));
    ModelExecution execution = start(request);
    ExecutionOutcome outcome = await(execution);
    assertThat(outcome.kind()).isEqualTo(Kind.PLATFORM_ERROR);
    assertThat(outcome.detail()).contains("unreachable");
    assertThat(log(request)).contains("request failed");
  }

  @Test
  void anAnswerThatIsNotAdapterJsonOrAnHttp5xxIsAPlatformError() throws Exception {
    HttpServer html = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    html.createContext(
        "/",
        exchange -> {
          byte[] body = "<html>proxy error</html>".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html");
          exchange.sendResponseHeaders(
              exchange.getRequestURI().getPath().contains("fail") ? 502 : 200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    html.start();
    closeLast.add(() -> html.stop(0));
    String uri = "http://127.0.0.1:" + html.getAddress().getPort();
    registry.register(new Registration("html", "1", uri, 1, 0, "o", null));
    ExecutionOutcome outcome = await(start(request("adapter:html", Duration.ofSeconds(30))));
    assertThat(outcome.kind()).isEqualTo(Kind.PLATFORM_ERROR);
    assertThat(outcome.detail()).contains("HTTP 200").contains("not adapter JSON");
    registry.register(new Registration("gateway", "1", uri + "/fail", 1, 0, "o", null));
    ExecutionOutcome gateway = await(start(request("adapter:gateway", Duration.ofSeconds(30))));
    assertThat(gateway.kind()).isEqualTo(Kind.PLATFORM_ERROR);
    // a non-JSON 5xx: a platform error with an excerpt of its body, reduced to its text
    assertThat(gateway.detail()).isEqualTo("request answered HTTP 502: proxy error");

    // An adapter that refuses to create a run with 503 (its request hook said no).
    adapter =
        new OutputAdapter() {
          @Override
          public void onRequest(String modelRunId) {
            throw new IllegalStateException("licence server down");
          }
        };
    startAdapter("refusing");
    ExecutionOutcome refused = await(start(request("adapter:refusing", Duration.ofSeconds(30))));
    assertThat(refused.kind()).isEqualTo(Kind.PLATFORM_ERROR);
    assertThat(refused.detail()).contains("503").contains("licence server down");
  }

  @Test
  void anInitializeRefusedWith4xxIsAModelErrorWithTheAdaptersTextWhateverItsContentType()
      throws Exception {
    List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpServer plain = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    plain.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          calls.add(path);
          String body;
          int status = 200;
          String type = "application/json";
          if (path.endsWith("/request")) {
            body = "{\"model_run_id\":\"r1\",\"state\":\"ACCEPTED\"}";
          } else if (path.contains("/initialize/")) {
            status = 400;
            type = "text/plain; charset=utf-8";
            body = "scenario 42 does not exist\n";
          } else {
            body = "{\"model_run_id\":\"r1\",\"state\":\"UNKNOWN\"}";
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", type);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    plain.start();
    closeLast.add(() -> plain.stop(0));
    registry.register(
        new Registration(
            "plain", "1", "http://127.0.0.1:" + plain.getAddress().getPort(), 1, 0, "o", null));
    ExecutionOutcome outcome = await(start(request("adapter:plain", Duration.ofSeconds(30))));
    assertThat(outcome.kind()).isEqualTo(Kind.MODEL_ERROR);
    assertThat(outcome.detail())
        .isEqualTo("initialize answered HTTP 400: scenario 42 does not exist");
    assertThat(calls).containsExactly("/model/request", "/model/initialize/r1", "/model/remove/r1");
  }

  @Test
  void anAdapterThatGoesAwayMidRunIsAPlatformError() throws Exception {
    adapter = new OutputAdapter();
    adapter.block = true;
    startAdapter("seir");
    ExecutionRequest request = request("adapter:seir", Duration.ofSeconds(30));
    ModelExecution execution = start(request);
    assertThat(waitFor(() -> adapter.started.size() == 1)).isTrue();
    adapterServer.close();
    adapterServer = null;
    ExecutionOutcome outcome = await(execution);
    assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Kind.PLATFORM_ERROR);
    assertThat(log(request)).contains("remove failed");
  }

  /** What a runner process that stopped had done: created a run on the adapter, and recorded it. */
  private String leftBehind(ExecutionRequest request, boolean initializeAndRun, Duration ago)
      throws Exception {
    AdapterClient client = new AdapterClient(adapterServer.baseUri());
    String runId = client.request().modelRunId();
    if (initializeAndRun) {
      client.initialize(runId, MAPPER.readTree(OutputAdapter.CONFIGURATION));
      client.run(runId);
    }
    Files.writeString(
        request.workspace().root().resolve(AdapterEngine.RUN_RECORD),
        "{\"adapter_uri\":\""
            + adapterServer.rootUri()
            + "\",\"model_run_id\":\""
            + runId
            + "\",\"started_at\":\""
            + java.time.Instant.now().minus(ago)
            + "\"}");
    return runId;
  }

  @Test
  void aRunOnlyCreatedBeforeTheRestartIsInitializedAndRunWhenReattached() throws Exception {
    startAdapter("seir");
    ExecutionRequest request = request("adapter:seir", Duration.ofMinutes(5));
    ModelIdentity identity = engine.prepare(request.launch());
    String runId = leftBehind(request, false, Duration.ZERO);
    ExecutionOutcome outcome = await(engine.reattach(request, identity).orElseThrow());
    assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Kind.SUCCEEDED);
    assertThat(adapter.initialized).hasSize(1);
    assertThat(adapter.removed).containsExactly(runId);
  }

  @Test
  void nothingToReattachWithoutARecordOrWhenTheAdapterForgotTheRun() throws Exception {
    startAdapter("seir");
    ExecutionRequest request = request("adapter:seir", Duration.ofMinutes(1));
    ModelIdentity identity = engine.prepare(request.launch());
    assertThat(engine.reattach(request, identity)).isEmpty();
    String runId = leftBehind(request, false, Duration.ZERO);
    new AdapterClient(adapterServer.baseUri()).remove(runId);
    assertThat(engine.reattach(request, identity)).isEmpty();
  }

  static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(5);
    }
    return condition.getAsBoolean();
  }
}
