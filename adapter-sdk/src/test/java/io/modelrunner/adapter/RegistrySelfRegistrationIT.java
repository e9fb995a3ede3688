package io.modelrunner.adapter;

import static io.modelrunner.adapter.AdapterLifecycleIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.adapter.client.AdapterClient;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Self-registration against a tiny real registry that is down at first and comes up later. */
class RegistrySelfRegistrationIT {

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void keepsServingWhileTheRegistryIsDownThenRegistersHeartbeatsAndDeregisters() throws Exception {
    int registryPort = freePort();
    TestModelAdapter adapter = new TestModelAdapter();
    AdapterConfig config =
        AdapterConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .name("seir-h")
            .owner("epi-team")
            .workers(1)
            .registryEndpoint(URI.create("http://127.0.0.1:" + registryPort + "/"))
            .externalUrl(URI.create("http://seir-h.models.internal:9000/"))
            .heartbeat(Duration.ofMillis(200))
            .build();
    TinyRegistry registry = null;
    try (AdapterServer server = AdapterServer.start(adapter, config)) {
      // The registry is down: the adapter still serves the whole lifecycle.
      JsonNode result =
          new AdapterClient(server.baseUri()).execute(Map.of("name", "a"), Duration.ofSeconds(30));
      assertThat(result.path("name").asText()).isEqualTo("a");
      assertThat(server.registryId()).isNull();

      registry = new TinyRegistry(registryPort);
      TinyRegistry r = registry;
      assertThat(waitFor(() -> !r.calls("POST").isEmpty())).isTrue();
      JsonNode posted = r.calls("POST").get(0).body();
      assertThat(posted.properties())
          .extracting(Map.Entry::getKey)
          .containsExactly(
              "name", "version", "uri", "max_workers", "used_workers", "owner", "status");
      assertThat(posted.path("name").asText()).isEqualTo("seir-h");
      assertThat(posted.path("uri").asText()).isEqualTo("http://seir-h.models.internal:9000");
      assertThat(posted.path("max_workers").asInt()).isEqualTo(1);
      assertThat(posted.path("owner").asText()).isEqualTo("epi-team");
      assertThat(posted.path("status").asText()).isEqualTo("READY");
      assertThat(waitFor(() -> server.registryId() != null)).isTrue();
      String id = server.registryId();

      // Heartbeats: PUT /registry/{id}, BUSY with used_workers while the only slot is taken.
      RawHttp http = new RawHttp(server.rootUri());
      String run = http.get("/model/request").json().path("model_run_id").asText();
      http.post("/model/initialize/" + run, "{\"block\":true}");
      http.get("/model/run/" + run);
      assertThat(
              waitFor(
                  () ->
                      r.calls("PUT").stream()
                          .anyMatch(
                              c ->
                                  c.path().equals("/registry/" + id)
                                      && c.body().path("status").asText().equals("BUSY")
                                      && c.body().path("used_workers").asInt() == 1)))
          .isTrue();
      adapter.release();
      assertThat(
              waitFor(
                  () -> {
                    var puts = r.calls("PUT");
                    return puts.get(puts.size() - 1).body().path("status").asText().equals("READY");
                  }))
          .isTrue();

      // The registry forgets the entry: the next heartbeat registers again.
      r.entries.clear();
      int posts = r.calls("POST").size();
      assertThat(waitFor(() -> r.calls("POST").size() > posts)).isTrue();
    } finally {
      if (registry != null) {
        TinyRegistry r = registry;
        // Clean shutdown deleted the entry.
        assertThat(r.calls("DELETE")).isNotEmpty();
        assertThat(r.entries).isEmpty();
        registry.close();
      }
    }
  }
}
