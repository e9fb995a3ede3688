package io.modelrunner.app.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.modelrunner.adapter.AdapterConfig;
import io.modelrunner.adapter.AdapterServer;
import io.modelrunner.adapter.client.AdapterClient;
import io.modelrunner.api.RunStatus;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.app.registry.RegistryServer;
import io.modelrunner.app.testing.TestDatabases;
import io.modelrunner.core.callback.CallbackClient;
import io.modelrunner.core.callback.CallbackSettings;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.process.ProcessEngine;
import io.modelrunner.core.pipeline.Cancellation;
import io.modelrunner.core.pipeline.FailureReason;
import io.modelrunner.core.pipeline.PipelineSettings;
import io.modelrunner.core.pipeline.ProgressListener;
import io.modelrunner.core.pipeline.RunJob;
import io.modelrunner.core.pipeline.RunPipeline;
import io.modelrunner.core.pipeline.RunRequestDocument;
import io.modelrunner.core.pipeline.RunResult;
import io.modelrunner.core.store.filesystem.FileSystemResultStore;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An adapter-backed run through the whole pipeline: a real adapter registers itself with the
 * registry over HTTP, a run request names {@code adapter:seir}, the {@link RunPipeline} over a
 * {@link RoutingEngine} runs it on the adapter, validates and stores its result like a container's
 * {@code data.json} in a {@link FileSystemResultStore}, and calls the web application back.
 */
class AdapterPipelineIT {
  private static final ObjectMapper MAPPER = JsonMappers.standard();

  @TempDir Path dir;
  private RegistryServer registry;
  private OutputAdapter adapter;
  private AdapterServer adapterServer;
  private HttpServer webApp;
  private final List<JsonNode> callbacks = new CopyOnWriteArrayList<>();
  private final List<String> callbackPaths = new CopyOnWriteArrayList<>();
  private RoutingEngine engine;
  private RunPipeline pipeline;
  private FileSystemResultStore store;

  @BeforeEach
  void start() throws Exception {
    registry =
        new RegistryServer(
            TestDatabases.embedded(dir.resolve("db")),
            Clock.systemUTC(),
            Duration.ofSeconds(90),
            null);
    adapter = new OutputAdapter("3.1.4");
    adapterServer =
        AdapterServer.start(
            adapter,
            AdapterConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .name("seir")
                .registryEndpoint(registry.uri())
                .heartbeat(Duration.ofSeconds(1))
                .build());
    assertThat(AdapterEngineIT.waitFor(() -> adapterServer.registryId() != null)).isTrue();

    webApp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webApp.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            callbacks.add(MAPPER.readTree(in.readAllBytes()));
          }
          callbackPaths.add(exchange.getRequestURI().getPath());
          byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    webApp.start();

    engine =
        new RoutingEngine(
            new AdapterEngine(
                registry.registry,
                HttpClient.newHttpClient(),
                new AdapterClient.Options(
                    Duration.ofMillis(5), Duration.ofMillis(100), Duration.ofSeconds(10)),
                AdapterEngine.DEFAULT_BASE_PATH),
            new ProcessEngine());
    store = new FileSystemResultStore(dir.resolve("store"));
    pipeline =
        new RunPipeline(
            engine,
            store,
            new CallbackClient(
                new CallbackSettings(
                    Duration.ofSeconds(5), 2, Duration.ofMillis(5), Duration.ofMillis(5), null)),
            PipelineSettings.defaults(dir.resolve("work"), new SchemaValidator(), "9.9.9"));
  }

  @AfterEach
  void stop() {
    adapter.release();
    engine.close();
    adapterServer.close();
    webApp.stop(0);
    store.close();
    registry.close();
  }

  private RunResult run(String requestId) throws Exception {
    String json =
        "{\"id\":\""
            + requestId
            + "\",\"models\":[{\"slug\":\"seir\",\"imageURL\":\"adapter:seir\"}],"
            + "\"configuration\":"
            + OutputAdapter.CONFIGURATION
            + ",\"callbackURL\":\"http://127.0.0.1:"
            + webApp.getAddress().getPort()
            + "\"}";
    RunRequestDocument request = RunRequestDocument.of(MAPPER.readTree(json));
    var model = request.models().get(0);
    return pipeline.run(
        new RunJob(
            request,
            model,
            ModelLaunch.image(model.slug(), model.imageURL()),
            ExecutionLimits.defaults().withDeadline(Duration.ofMinutes(1)),
            Cancellation.none()),
        ProgressListener.NONE);
  }

  @Test
  void anAdapterBackedRunIsStoredAndCalledBackComplete() throws Exception {
    RunResult result = run("adapter-run-1");

    assertThat(result.status()).as(String.valueOf(result.reason())).isEqualTo(RunStatus.COMPLETE);
    assertThat(result.identity().engine()).isEqualTo("adapter");
    assertThat(result.identity().id()).isEqualTo(adapterServer.rootUri().toString());

    assertThat(callbacks)
        .extracting(c -> c.path("status").asText())
        .containsExactly("in-progress", "complete");
    assertThat(callbackPaths).containsOnly("/api/simulations/adapter-run-1");
    JsonNode started = callbacks.get(0);
    assertThat(started.path("engine").asText()).isEqualTo("adapter");
    assertThat(started.path("imageId").asText()).isEqualTo(adapterServer.rootUri().toString());
    assertThat(started.path("imageVersion").asText()).isEqualTo("3.1.4");
    JsonNode complete = callbacks.get(1);
    assertThat(complete.path("resultsLocation").asText()).isEqualTo(result.resultsLocation());
    assertThat(result.resultsLocation()).isNotEmpty();

    // The stored data.json is the adapter's result, validated against the output schema.
    String dataKey = result.storePrefix() + "/public/data.json";
    JsonNode data;
    try (InputStream in = store.open(dataKey)) {
      data = MAPPER.readTree(in);
    }
    assertThat(data).isEqualTo(OutputAdapter.output(MAPPER.readTree(OutputAdapter.CONFIGURATION)));

    // The export holds the input, the output and the adapter run's log.
    String log = null;
    try (ZipInputStream zip =
        new ZipInputStream(store.open(result.storePrefix() + "/public/export.zip"))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        if (e.getName().endsWith("container.log")) {
          log = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    assertThat(log).contains("initialize -> READY").contains("remove -> UNKNOWN");
    assertThat(adapter.removed).hasSize(1);
    assertThat(Files.exists(dir.resolve("work").resolve(result.runId()))).isFalse();
  }

  @Test
  void theAdaptersErrorFailsTheRunAsAModelErrorWithItsReason() throws Exception {
    adapter.failWith = "no convergence after 500 iterations";
    RunResult result = run("adapter-run-2");

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(result.reason().kind()).isEqualTo(FailureReason.Kind.MODEL_ERROR);
    assertThat(result.reason().message()).isEqualTo("no convergence after 500 iterations");
    assertThat(callbacks)
        .extracting(c -> c.path("status").asText())
        .containsExactly("in-progress", "failed");
    JsonNode reason = callbacks.get(1).path("reason");
    assertThat(reason.path("message").asText()).isEqualTo("no convergence after 500 iterations");
    assertThat(adapter.removed).hasSize(1);
  }
}
