package io.modelrunner.app.registry;

import static io.modelrunner.app.registry.RegistryHttp.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.app.db.DatabaseConfig;
import io.modelrunner.app.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Entries are kept in the service's database: they survive a restart, on the embedded H2 database
 * and on PostgreSQL alike, and concurrent registrations of one uri make one entry.
 */
class RegistryPersistenceIT {
  @TempDir Path dir;
  private DatabaseConfig config;

  private DatabaseConfig database(String kind) {
    config = TestDatabases.of(kind, dir);
    return config;
  }

  @AfterEach
  void drop() {
    TestDatabases.drop(config);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "postgresql", "h2"})
  void entriesSurviveARestartOfTheService(String kind) throws Exception {
    DatabaseConfig db = database(kind);
    MutableClock clock = new MutableClock();
    String id;
    JsonNode stored;
    try (RegistryServer first = new RegistryServer(db, clock, Duration.ofSeconds(90), null)) {
      RegistryHttp http = new RegistryHttp(first.uri());
      stored = http.post("/registry/", entry("seir", "http://seir:9000", "READY")).json();
      id = stored.path("id").asText();
      http.post("/registry/", entry("energy", "http://energy:9000", "BUSY"));
    }
    try (RegistryServer second = new RegistryServer(db, clock, Duration.ofSeconds(90), null)) {
      RegistryHttp http = new RegistryHttp(second.uri());
      assertThat(http.get("/registry/" + id).json()).isEqualTo(stored);
      assertThat(http.get("/registry/").json()).hasSize(2);
      assertThat(second.registry.findReady("seir").orElseThrow().registration().uri())
          .isEqualTo("http://seir:9000");
      // still an upsert by uri, and new ids do not reuse old ones
      assertThat(
              http.post("/registry/", entry("seir", "http://seir:9000", "READY"))
                  .json()
                  .path("id")
                  .asText())
          .isEqualTo(id);
      String next =
          http.post("/registry/", entry("x", "http://x:1", null)).json().path("id").asText();
      assertThat(next).isNotEqualTo(id);
      assertThat(UUID.fromString(next).version()).isEqualTo(4);
      List<String> names = new ArrayList<>();
      http.get("/registry/").json().forEach(e -> names.add(e.path("name").asText()));
      assertThat(names).as("registration order").containsExactly("seir", "energy", "x");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "postgresql", "h2"})
  void concurrentRegistrationsOfOneUriMakeOneEntry(String kind) throws Exception {
    DatabaseConfig db = database(kind);
    try (RegistryServer server =
        new RegistryServer(db, new MutableClock(), Duration.ofSeconds(90), null)) {
      RegistryHttp http = new RegistryHttp(server.uri());
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        for (int round = 0; round < 5; round++) {
          String uri = "http://racer-" + round + ":9000";
          List<Callable<RegistryHttp.Answer>> calls = new ArrayList<>();
          for (int i = 0; i < 8; i++) {
            calls.add(() -> http.post("/registry/", entry("racer", uri, "READY")));
          }
          List<String> ids = new ArrayList<>();
          for (Future<RegistryHttp.Answer> f : pool.invokeAll(calls)) {
            assertThat(f.get().status()).as(f.get().text()).isEqualTo(200);
            ids.add(f.get().json().path("id").asText());
          }
          assertThat(ids).as(uri).containsOnly(ids.get(0));
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(http.get("/registry/").json()).hasSize(5);
    }
  }
}
