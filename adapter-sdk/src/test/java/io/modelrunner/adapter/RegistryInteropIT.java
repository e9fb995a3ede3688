package io.modelrunner.adapter;

import static io.modelrunner.adapter.AdapterLifecycleIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.modelrunner.adapter.internal.RegistryEndpoint;
import io.modelrunner.adapter.internal.RegistryRegistrar;
import io.modelrunner.api.adapter.Registration;
import io.modelrunner.api.json.JsonMappers;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SDK's registrar against a registry that answers as the deployed MultiModelling/Model-Registry
 * does ({@link ModelRegistryLike}), and against registries that answer garbage.
 */
class RegistryInteropIT {

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "/registry", "/registry/"})
  void registersHeartbeatsAndDeregistersWithUuidIdsWhateverTheEndpointForm(String suffix)
      throws Exception {
    try (ModelRegistryLike registry = new ModelRegistryLike()) {
      TestModelAdapter adapter = new TestModelAdapter();
      AdapterConfig config =
          AdapterConfig.builder()
              .host("127.0.0.1")
              .port(0)
              .name("ETM")
              .workers(1)
              .registryEndpoint(URI.create(registry.baseUri() + suffix))
              .heartbeat(Duration.ofMillis(100))
              .build();
      String id;
      try (AdapterServer server = AdapterServer.start(adapter, config)) {
        assertThat(waitFor(() -> server.registryId() != null)).isTrue();
        id = server.registryId();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(registry.entries).containsOnlyKeys(id);
        assertThat(registry.calls("POST"))
            .extracting(ModelRegistryLike.Call::path)
            .containsOnly("/registry/");

        // The heartbeat is a PUT of the full body to the entry, which the registry accepts.
        assertThat(
                waitFor(
                    () ->
                        registry.calls("PUT").stream()
                                .filter(c -> c.path().equals("/registry/" + id))
                                .count()
                            >= 2))
            .isTrue();
        assertThat(waitFor(() -> registry.acceptedPuts.get() >= 2)).isTrue();
        JsonNode put = registry.calls("PUT").get(0).body();
        assertThat(put.path("name").asText()).isEqualTo("ETM");
        assertThat(put.path("uri").asText()).isEqualTo(server.rootUri().toString());
        assertThat(put.path("max_workers").asInt()).isEqualTo(1);
        assertThat(put.path("status").asText()).isEqualTo("READY");
        assertThat(put.has("used_workers")).isTrue();
        // Found as the orchestrator finds it: search by name, first READY entry, its uri.
        assertThat(registry.entries.get(id).path("status").asText()).isEqualTo("READY");
      }
      assertThat(registry.calls("DELETE"))
          .extracting(ModelRegistryLike.Call::path)
          .containsExactly("/registry/" + id);
      assertThat(registry.entries).isEmpty();
      assertThat(registry.calls).noneMatch(c -> c.path().contains("/registry/registry"));
      assertThat(registry.calls).noneMatch(c -> c.path().equals("/registry")); // never a 308
    }
  }

  @Test
  void integerIdsOfTheOlderRegistryStillWork() throws Exception {
    try (TinyRegistry registry = new TinyRegistry(0)) {
      RecordingLogger log = new RecordingLogger();
      try (RegistryRegistrar registrar = registrar(registry.baseUri(), log)) {
        registrar.start();
        assertThat(waitFor(() -> registry.calls("PUT").size() >= 1)).isTrue();
        assertThat(registrar.registeredId()).isEqualTo("42");
        assertThat(registry.calls("PUT").get(0).path()).isEqualTo("/registry/42");
      }
      assertThat(registry.calls("DELETE"))
          .extracting(TinyRegistry.Call::path)
          .containsExactly("/registry/42");
    }
  }

  @Test
  void aTwoHundredWithoutAUsableIdIsOneRegistrationAndOneLogLineNotAPostStorm() throws Exception {
    try (Garbage registry = new Garbage(200, "<html><body>Welcome to nginx!</body></html>")) {
      RecordingLogger log = new RecordingLogger();
      try (RegistryRegistrar registrar = registrar(registry.uri(), log)) {
        registrar.start();
        assertThat(
                waitFor(
                    () ->
                        registrar.state() == RegistryRegistrar.State.REGISTERED_WITHOUT_HEARTBEAT))
            .isTrue();
        // Nothing more is scheduled: no POST can follow, ever.
        assertThat(registrar.scheduledCalls()).isZero();
        assertThat(registry.posts).hasSize(1);
        assertThat(registrar.registeredId()).isNull();
        assertThat(log.at(org.slf4j.event.Level.WARN))
            .singleElement()
            .satisfies(
                l ->
                    assertThat(l.message())
                        .contains("no usable \"id\"")
                        .contains("Welcome to nginx")
                        .contains("without heartbeats"));
      }
      assertThat(registry.posts).hasSize(1);
      assertThat(registry.deletes).isEmpty(); // nothing to delete without an id
    }
  }

  @Test
  void aRegistryAnsweringErrorsIsRetriedWithExponentialBackoffAndLoggedOnce() throws Exception {
    try (Garbage registry = new Garbage(502, "<html>Bad Gateway</html>")) {
      RecordingLogger log = new RecordingLogger();
      try (RegistryRegistrar registrar = registrar(registry.uri(), log, Duration.ofMillis(100))) {
        registrar.start();
        assertThat(waitFor(() -> registry.posts.size() >= 5)).isTrue();
        List<Long> at = List.copyOf(registry.posts);
        for (int k = 0; k < 4; k++) {
          // the k-th retry waits at least 100 ms * 2^k (jitter only lengthens it)
          long gap = at.get(k + 1) - at.get(k);
          assertThat(gap)
              .as("gap %d before retry %d", gap, k + 1)
              .isGreaterThanOrEqualTo(100L << k);
        }
        assertThat(log.at(org.slf4j.event.Level.WARN))
            .singleElement()
            .satisfies(
                l -> assertThat(l.message()).contains("answered HTTP 502").contains("Bad Gateway"));
        assertThat(registrar.state()).isEqualTo(RegistryRegistrar.State.REGISTERING);
      }
    }
  }

  @Test
  void aHeartbeatRefusedWith404RightAfterRegistrationStopsHeartbeatsInsteadOfReposting()
      throws Exception {
    try (Garbage registry = new Garbage(200, "{\"id\":\"7f0c\"}")) {
      registry.putStatus = 404;
      RecordingLogger log = new RecordingLogger();
      try (RegistryRegistrar registrar = registrar(registry.uri(), log)) {
        registrar.start();
        assertThat(
                waitFor(
                    () ->
                        registrar.state() == RegistryRegistrar.State.REGISTERED_WITHOUT_HEARTBEAT))
            .isTrue();
        assertThat(registrar.scheduledCalls()).isZero();
        assertThat(registry.posts).hasSize(1);
        assertThat(registry.puts).hasSize(1);
        assertThat(log.at(org.slf4j.event.Level.WARN)).hasSize(1);
      }
      assertThat(registry.deletes).containsExactly("/registry/7f0c");
    }
  }

  private static RegistryRegistrar registrar(URI endpoint, RecordingLogger log) {
    return registrar(endpoint, log, Duration.ofMillis(40));
  }

  private static RegistryRegistrar registrar(
      URI endpoint, RecordingLogger log, Duration initialBackoff) {
    return new RegistryRegistrar(
        RegistryEndpoint.of(endpoint),
        () -> Registration.ofAdapter("m", "1.0", "http://m:9000", 1, 0, "team"),
        new RegistryRegistrar.Timing(Duration.ofMillis(50), initialBackoff, Duration.ofSeconds(30)),
        JsonMappers.standard(),
        log);
  }

  /** A registry that answers every POST with one fixed status and body; records the calls. */
  private static final class Garbage implements AutoCloseable {
    final List<Long> posts = new CopyOnWriteArrayList<>();
    final List<String> puts = new CopyOnWriteArrayList<>();
    final List<String> deletes = new CopyOnWriteArrayList<>();
    volatile int putStatus = 200;
    private final HttpServer server;

    Garbage(int status, String body) throws Exception {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          exchange -> {
            try (exchange) {
              exchange.getRequestBody().readAllBytes();
              int answer = status;
              switch (exchange.getRequestMethod()) {
                case "POST" -> posts.add(System.nanoTime() / 1_000_000);
                case "PUT" -> {
                  puts.add(exchange.getRequestURI().getPath());
                  answer = putStatus;
                }
                case "DELETE" -> deletes.add(exchange.getRequestURI().getPath());
                default -> {}
              }
              byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
              exchange.getResponseHeaders().set("Content-Type", "text/html");
              exchange.sendResponseHeaders(answer, bytes.length);
              exchange.getResponseBody().write(bytes);
            }
          });
      server.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/registry/");
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
