package io.modelrunner.adapter;

import static io.modelrunner.adapter.AdapterLifecycleIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link ModelAdapter#name()} is what the registry and {@code GET /status} show by default. */
class AdapterNameIT {

  static final class NamedAdapter extends TestModelAdapter {
    @Override
    public String name() {
      return "seir-by-name";
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void theAdaptersNameIsRegisteredAndShownByStatus() throws Exception {
    int registryPort = freePort();
    try (TinyRegistry registry = new TinyRegistry(registryPort);
        AdapterServer server =
            AdapterServer.start(
                new NamedAdapter(),
                AdapterConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .registryEndpoint(URI.create("http://127.0.0.1:" + registryPort + "/"))
                    .heartbeat(Duration.ofSeconds(30))
                    .build())) {
      assertThat(server.name()).isEqualTo("seir-by-name");
      assertThat(new RawHttp(server.rootUri()).get("/status").json().path("name").asText())
          .isEqualTo("seir-by-name");
      assertThat(waitFor(() -> !registry.calls("POST").isEmpty())).isTrue();
      assertThat(registry.calls("POST").get(0).body().path("name").asText())
          .isEqualTo("seir-by-name");
    }
  }

  @Test
  void aConfiguredNameWinsOverTheAdaptersName() throws Exception {
    try (AdapterServer server =
        AdapterServer.start(
            new NamedAdapter(),
            AdapterConfig.fromArgs(
                new String[] {"--host", "127.0.0.1", "--port", "0"},
                java.util.Map.of("ADAPTER_ID", "seir-h")))) {
      assertThat(new RawHttp(server.rootUri()).get("/status").json().path("name").asText())
          .isEqualTo("seir-h");
    }
  }

  @Test
  void byDefaultTheNameIsTheClassesSimpleName() {
    assertThat(new TestModelAdapter().name()).isEqualTo("TestModelAdapter");
    assertThat(new TestModelAdapter() {}.name()).isEqualTo("model-adapter");
  }
}
