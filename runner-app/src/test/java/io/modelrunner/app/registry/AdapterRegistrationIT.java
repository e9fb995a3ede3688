package io.modelrunner.app.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.adapter.AdapterConfig;
import io.modelrunner.adapter.AdapterServer;
import io.modelrunner.adapter.client.AdapterClient;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.app.adapter.OutputAdapter;
import io.modelrunner.app.testing.TestDatabases;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compatibility: a real adapter built on adapter-sdk, started with its registry endpoint pointing
 * at our registry, registers itself, heartbeats (BUSY with used_workers while its worker is taken),
 * deregisters on a clean close, and — stopped without deregistering — is no longer live after the
 * TTL, and no longer found when the registry is live-only ({@code registry.live-only}).
 */
class AdapterRegistrationIT {
  @TempDir Path dir;
  private RegistryServer registry;
  private AdapterServer adapterServer;
  private OutputAdapter adapter;

  /** Records the calls that reach the registry; refuses DELETE while {@link #refuseDeletes}. */
  @PreMatching
  @Priority(1)
  static final class Calls implements ContainerRequestFilter {
    final List<String> seen = new CopyOnWriteArrayList<>();
    volatile boolean refuseDeletes;

    @Override
    public void filter(ContainerRequestContext request) {
      String call = request.getMethod() + " /" + request.getUriInfo().getPath();
      seen.add(call);
      if (refuseDeletes && request.getMethod().equals("DELETE")) {
        request.abortWith(Response.status(503).build()); // the deregistration never arrives
      }
    }

    long count(String prefix) {
      return seen.stream().filter(c -> c.startsWith(prefix)).count();
    }
  }

  @AfterEach
  void stop() {
    if (adapter != null) {
      adapter.release();
    }
    if (adapterServer != null) {
      adapterServer.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  private void startAdapter(String name) {
    adapter = new OutputAdapter("3.1.4");
    adapterServer =
        AdapterServer.start(
            adapter,
            AdapterConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .name(name)
                .owner("epi-team")
                .workers(1)
                .registryEndpoint(registry.uri())
                .heartbeat(Duration.ofMillis(150))
                .build());
  }

  @Test
  void anAdapterRegistersHeartbeatsAndIsDeletedWhenItClosesCleanly() throws Exception {
    Calls calls = new Calls();
    registry =
        new RegistryServer(
            TestDatabases.embedded(dir), Clock.systemUTC(), Duration.ofSeconds(90), null, calls);
    RegistryHttp http = new RegistryHttp(registry.uri());
    startAdapter("seir");

    assertThat(waitFor(() -> adapterServer.registryId() != null)).isTrue();
    String id = adapterServer.registryId();
    JsonNode entry = http.get("/registry/" + id).json();
    assertThat(entry.path("name").asText()).isEqualTo("seir");
    assertThat(entry.path("version").asText()).isEqualTo("3.1.4");
    assertThat(entry.path("uri").asText()).isEqualTo(adapterServer.rootUri().toString());
    assertThat(entry.path("max_workers").asInt()).isEqualTo(1);
    assertThat(entry.path("used_workers").asInt()).isZero();
    assertThat(entry.path("owner").asText()).isEqualTo("epi-team");
    assertThat(entry.path("status").asText()).isEqualTo("READY");
    assertThat(String.valueOf(registry.registry.findReady("seir").orElseThrow().id()))
        .isEqualTo(id);
    assertThat(calls.seen).contains("POST /registry/");

    // Heartbeats carry the adapter's load: BUSY while its only worker runs a model.
    assertThat(waitFor(() -> calls.count("PUT /registry/" + id) >= 2)).isTrue();
    adapter.block = true;
    AdapterClient client = new AdapterClient(adapterServer.baseUri());
    String run = client.request().modelRunId();
    client.initialize(run, JsonMappers.standard().readTree(OutputAdapter.CONFIGURATION));
    client.run(run);
    assertThat(
            waitFor(
                () -> {
                  JsonNode e = get(http, "/registry/" + id);
                  return e.path("status").asText().equals("BUSY")
                      && e.path("used_workers").asInt() == 1;
                }))
        .isTrue();
    assertThat(registry.registry.findReady("seir")).as("a BUSY adapter is not picked").isEmpty();
    adapter.release();
    assertThat(waitFor(() -> get(http, "/registry/" + id).path("status").asText().equals("READY")))
        .isTrue();
    client.remove(run);

    adapterServer.close();
    assertThat(calls.seen).contains("DELETE /registry/" + id);
    assertThat(http.get("/registry/" + id).status()).isEqualTo(404);
    assertThat(http.get("/registry/").json()).isEmpty();
  }

  @Test
  void anAdapterThatStopsWithoutDeregisteringIsNoLongerLiveAfterTheTtlAndSkippedWhenLiveOnly()
      throws Exception {
    Calls calls = new Calls();
    Duration ttl = Duration.ofSeconds(1);
    registry =
        new RegistryServer(
            TestDatabases.embedded(dir),
            Clock.systemUTC(),
            new Liveness(ttl, true),
            null,
            RegistryServer.DEFAULT_TRUSTED,
            AdapterHosts.of(Set.of()),
            calls);
    RegistryHttp http = new RegistryHttp(registry.uri());
    startAdapter("seir");
    assertThat(waitFor(() -> adapterServer.registryId() != null)).isTrue();
    String id = adapterServer.registryId();

    // Heartbeats (every 150 ms) keep it live: after 10 of them (1.5 s, past the TTL) it still is.
    assertThat(waitFor(() -> calls.count("PUT /registry/" + id) >= 10)).isTrue();
    assertThat(get(http, "/registry/" + id + "/liveness").path("live").asBoolean()).isTrue();
    assertThat(registry.registry.findReady("seir")).isPresent();

    // It stops, and its deregistration is lost (as in a crash): the entry stays, and expires.
    calls.refuseDeletes = true;
    adapterServer.close();
    adapterServer = null;
    assertThat(calls.seen).contains("DELETE /registry/" + id);
    assertThat(
            waitFor(() -> !get(http, "/registry/" + id + "/liveness").path("live").asBoolean(true)))
        .isTrue();
    assertThat(get(http, "/registry/" + id).path("status").asText())
        .as("liveness is not a status")
        .isEqualTo("READY");
    assertThat(registry.registry.findReady("seir")).isEmpty();
    assertThat(http.post("/registry/search", "{\"name\":\"seir\"}").json()).isEmpty();
    assertThat(http.get("/registry/").json()).as("still listed").hasSize(1);

    // The adapter comes back (on another port): it registers anew and is the one found.
    startAdapter("seir");
    assertThat(waitFor(() -> adapterServer.registryId() != null)).isTrue();
    assertThat(registry.registry.findReady("seir").orElseThrow().registration().uri())
        .isEqualTo(adapterServer.rootUri().toString());
  }

  private static JsonNode get(RegistryHttp http, String path) {
    try {
      return http.get(path).json();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(10);
    }
    return condition.getAsBoolean();
  }
}
