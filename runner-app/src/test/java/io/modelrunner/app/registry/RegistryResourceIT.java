package io.modelrunner.app.registry;

import static io.modelrunner.app.registry.RegistryHttp.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.app.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The registry API over real HTTP on loopback, as adapters and orchestrators call it. */
class RegistryResourceIT {
  private static final Duration TTL = Duration.ofSeconds(90);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private RegistryServer server;
  private RegistryHttp http;

  private void start(String adaptersToken) {
    server = new RegistryServer(TestDatabases.embedded(dir), clock, TTL, adaptersToken);
    http = new RegistryHttp(server.uri());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private String register(String name, String uri, String status) throws Exception {
    RegistryHttp.Answer a = http.post("/registry/", entry(name, uri, status));
    assertThat(a.status()).as(a.text()).isEqualTo(200);
    return a.json().path("id").asText();
  }

  @ParameterizedTest(name = "trailing slash: {0}")
  @ValueSource(strings = {"/", ""})
  void theWholeApiAnswersWithAndWithoutTrailingSlashes(String slash) throws Exception {
    start(null);
    RegistryHttp.Answer posted =
        http.post("/registry" + slash, entry("seir", "http://seir:9000", null));
    assertThat(posted.status()).as(posted.text()).isEqualTo(200);
    assertThat(posted.contentType()).startsWith("application/json");
    JsonNode entry = posted.json();
    String id = entry.path("id").asText();
    assertThat(UUID.fromString(id).version()).as("a UUID, as the deployed registry's").isEqualTo(4);
    assertThat(entry.path("status").asText()).as("status defaults to READY").isEqualTo("READY");
    assertThat(Instant.parse(entry.path("last_seen").asText())).isEqualTo(clock.instant());
    List<String> keys = new ArrayList<>();
    entry.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .containsExactly(
            "id",
            "name",
            "version",
            "uri",
            "max_workers",
            "used_workers",
            "owner",
            "status",
            "last_seen");

    RegistryHttp.Answer list = http.get("/registry" + slash);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().isArray()).isTrue();
    assertThat(list.json()).hasSize(1);
    assertThat(list.json().get(0)).isEqualTo(entry);

    RegistryHttp.Answer read = http.get("/registry/" + id + slash);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(entry);

    clock.advance(Duration.ofSeconds(30));
    RegistryHttp.Answer put =
        http.put(
            "/registry/" + id + slash,
            entry("seir", "1.0.0", "http://seir:9000", 2, 2, "epi-team", "BUSY"));
    assertThat(put.status()).as(put.text()).isEqualTo(200);
    assertThat(put.json().path("id").asText()).isEqualTo(id);
    assertThat(put.json().path("status").asText()).isEqualTo("BUSY");
    assertThat(put.json().path("used_workers").asInt()).isEqualTo(2);
    assertThat(Instant.parse(put.json().path("last_seen").asText()))
        .as("a PUT is a heartbeat")
        .isEqualTo(clock.instant());

    RegistryHttp.Answer found = http.post("/registry/search" + slash, "{\"name\":\"SEIR\"}");
    assertThat(found.status()).as(found.text()).isEqualTo(200);
    assertThat(found.json()).hasSize(1);
    assertThat(found.json().get(0).path("id").asText()).isEqualTo(id);

    RegistryHttp.Answer deleted = http.delete("/registry/" + id + slash);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(http.get("/registry/" + id + slash).status()).isEqualTo(404);
    assertThat(http.delete("/registry/" + id + slash).status()).isEqualTo(404);
    assertThat(http.get("/registry" + slash).json()).isEmpty();
  }

  @Test
  void postUpsertsByUriKeepingTheIdAndDroppingTrailingSlashes() throws Exception {
    start(null);
    String first = register("seir", "http://seir:9000", "READY");
    clock.advance(Duration.ofSeconds(5));
    RegistryHttp.Answer again =
        http.post("/registry/", entry("seir", "2.0.0", "http://seir:9000/", 4, 1, "other", "BUSY"));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("id").asText()).isEqualTo(first);
    assertThat(again.json().path("uri").asText()).isEqualTo("http://seir:9000");
    assertThat(again.json().path("version").asText()).isEqualTo("2.0.0");
    assertThat(again.json().path("max_workers").asInt()).isEqualTo(4);
    assertThat(again.json().path("status").asText()).isEqualTo("BUSY");
    assertThat(Instant.parse(again.json().path("last_seen").asText())).isEqualTo(clock.instant());

    String other = register("seir", "http://seir-2:9000", "READY");
    assertThat(other).isNotEqualTo(first);
    // host names as docker-compose makes them, IPv6 literals, https with a path
    register("seir", "http://project_seir_1:8080", null);
    register("seir", "http://[::1]:8080", null);
    register("seir", "https://models.example.org/seir", null);
    assertThat(http.get("/registry/").json()).hasSize(5);
  }

  @Test
  void searchMatchesEveryGivenFieldStringsCaseInsensitively() throws Exception {
    start(null);
    String a = register("seir", "http://a:1", "READY");
    String b =
        http.post("/registry/", entry("SEIR", "2.0", "http://b:1", 4, 4, "Other-Team", "BUSY"))
            .json()
            .path("id")
            .asText();
    String c = register("energy-lp", "http://c:1", "READY");

    assertThat(ids("{\"name\":\"seir\"}")).containsExactly(a, b);
    assertThat(ids("{\"name\":\"Seir\",\"status\":\"ready\"}")).containsExactly(a);
    assertThat(ids("{\"owner\":\"OTHER-team\"}")).containsExactly(b);
    assertThat(ids("{\"max_workers\":4,\"used_workers\":4}")).containsExactly(b);
    assertThat(ids("{\"max_workers\":2}")).containsExactly(a, c);
    assertThat(ids("{\"id\":\"" + c + "\"}")).containsExactly(c);
    assertThat(ids("{\"uri\":\"HTTP://C:1/\"}")).containsExactly(c);
    assertThat(ids("{}")).containsExactly(a, b, c);
    assertThat(ids("{\"name\":null,\"version\":null}")).containsExactly(a, b, c);
    assertThat(ids("{\"name\":\"sei\"}")).as("equality, not substring").isEmpty();
    assertThat(ids("{\"name\":\"seir\",\"owner\":\"nobody\"}")).isEmpty();

    RegistryHttp.Answer unknown = http.post("/registry/search", "{\"colour\":\"red\"}");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.pointers()).containsExactly("/colour");
    RegistryHttp.Answer wrongType = http.post("/registry/search", "{\"max_workers\":\"4\"}");
    assertThat(wrongType.status()).isEqualTo(422);
    assertThat(wrongType.pointers()).containsExactly("/max_workers");
    RegistryHttp.Answer badStatus = http.post("/registry/search", "{\"status\":\"GONE\"}");
    assertThat(badStatus.status()).isEqualTo(422);
    assertThat(badStatus.pointers()).containsExactly("/status");
  }

  private List<String> ids(String criteria) throws Exception {
    RegistryHttp.Answer a = http.post("/registry/search", criteria);
    assertThat(a.status()).as(criteria + " -> " + a.text()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    a.json().forEach(e -> ids.add(e.path("id").asText()));
    return ids;
  }

  @Test
  void badBodiesGetProblemsNamingTheFieldNever500() throws Exception {
    start(null);
    String id = register("seir", "http://seir:9000", "READY");
    register("other", "http://other:9000", "READY");
    String valid = entry("seir", "http://seir:9000", "READY");
    Map<String, String> unprocessable =
        Map.of(
            valid.replace("}", ",\"colour\":\"red\"}"), "/colour",
            valid.replace("\"name\":\"seir\",", ""), "/name",
            valid.replace("\"max_workers\":2", "\"max_workers\":\"many\""), "/max_workers",
            valid.replace("\"max_workers\":2", "\"max_workers\":-1"), "/max_workers",
            valid.replace("READY", "UNAVAILABLE"), "/status",
            valid.replace("http://seir:9000", "not a url"), "/uri",
            valid.replace("http://seir:9000", "http://user:pw@seir:9000"), "/uri",
            valid.replace("\"name\":\"seir\"", "\"name\":\"\""), "/name",
            valid.replace("\"owner\":\"epi-team\"", "\"owner\":7"), "/owner",
            valid.replace("{", "{\"id\":7,"), "/id");
    for (Map.Entry<String, String> body : unprocessable.entrySet()) {
      for (String[] call : new String[][] {{"POST", "/registry/"}, {"PUT", "/registry/" + id}}) {
        RegistryHttp.Answer a = http.send(call[0], call[1], body.getKey(), "application/json");
        assertThat(a.status()).as(call[0] + " " + body.getKey() + " -> " + a.text()).isEqualTo(422);
        assertThat(a.contentType()).isEqualTo("application/problem+json");
        assertThat(a.pointers()).as(body.getKey()).contains(body.getValue());
        assertThat(a.json().path("detail").asText()).contains(body.getValue());
      }
    }

    for (String malformed : new String[] {"{\"name\":", "[1,2]", "\"seir\"", "null", "{}{}"}) {
      RegistryHttp.Answer a = http.post("/registry/", malformed);
      assertThat(a.status()).as(malformed + " -> " + a.text()).isEqualTo(400);
      assertThat(a.contentType()).isEqualTo("application/problem+json");
    }
    assertThat(http.send("POST", "/registry/", "", "application/json").status()).isEqualTo(400);
    RegistryHttp.Answer tooLarge =
        http.post("/registry/", valid.replace("epi-team", "x".repeat(70_000)));
    assertThat(tooLarge.status()).isEqualTo(413);

    RegistryHttp.Answer text = http.send("POST", "/registry/", valid, "text/plain");
    assertThat(text.status()).isEqualTo(415);
    assertThat(text.contentType()).isEqualTo("application/problem+json");
    assertThat(
            http.send("PUT", "/registry/" + id, valid, "application/x-www-form-urlencoded")
                .status())
        .isEqualTo(415);
    assertThat(http.send("POST", "/registry/search", "{}", "text/csv").status()).isEqualTo(415);
    assertThat(http.send("POST", "/registry/", valid, null).status())
        .as("no Content-Type: read as JSON")
        .isEqualTo(200);
    assertThat(http.send("POST", "/registry/", valid, "application/json; charset=utf-8").status())
        .isEqualTo(200);

    // Unknown ids are 404, whatever they look like.
    for (String unknownId : new String[] {"999", "0", "-1", "abc", "99999999999999999999"}) {
      assertThat(http.get("/registry/" + unknownId).status()).as(unknownId).isEqualTo(404);
      assertThat(http.put("/registry/" + unknownId, valid).status()).as(unknownId).isEqualTo(404);
      assertThat(http.delete("/registry/" + unknownId).status()).as(unknownId).isEqualTo(404);
    }
    RegistryHttp.Answer notFound = http.get("/registry/999");
    assertThat(notFound.contentType()).isEqualTo("application/problem+json");

    // PUT may carry id and last_seen: they are ignored, as the deployed registry ignores them
    // (MultiModelling/Model-Registry, tno/mmvib_registry/models/modeladapter.py: update() copies
    // neither).
    RegistryHttp.Answer roundTrip = http.put("/registry/" + id, http.get("/registry/" + id).text());
    assertThat(roundTrip.status()).as(roundTrip.text()).isEqualTo(200);
    RegistryHttp.Answer otherId =
        http.put(
            "/registry/" + id,
            valid.replace("{", "{\"id\":\"another\",\"last_seen\":\"2020-01-01T00:00:00\","));
    assertThat(otherId.status()).as(otherId.text()).isEqualTo(200);
    assertThat(otherId.json().path("id").asText()).isEqualTo(id);
    assertThat(Instant.parse(otherId.json().path("last_seen").asText())).isEqualTo(clock.instant());

    // PUT to another entry's uri: 409.
    RegistryHttp.Answer taken =
        http.put("/registry/" + id, entry("seir", "http://other:9000", "READY"));
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.pointers()).containsExactly("/uri");

    assertThat(http.send("PATCH", "/registry/" + id, valid, "application/json").status())
        .isEqualTo(405);
    assertThat(http.get("/registry/search").status()).isEqualTo(404);
  }

  @Test
  void entriesPastTheTtlStayFoundAndUsedByDefaultAndReportThemselvesNotLive() throws Exception {
    start(null);
    String old = register("seir", "http://old:1", "READY");
    clock.advance(TTL.plusSeconds(1));
    String fresh = register("seir", "http://fresh:1", "READY");

    // The deployed ecosystem's adapters register once and never PUT: their entries stay usable.
    assertThat(http.get("/registry/" + old).json().path("status").asText()).isEqualTo("READY");
    assertThat(ids("{\"name\":\"seir\"}")).containsExactly(old, fresh);
    assertThat(server.registry.findReady("seir").orElseThrow().id()).isEqualTo(old);

    RegistryHttp.Answer liveness = http.get("/registry/" + old + "/liveness");
    assertThat(liveness.status()).isEqualTo(200);
    assertThat(liveness.json().path("live").asBoolean(true)).isFalse();
    assertThat(liveness.json().path("live_only").asBoolean(true)).isFalse();
    assertThat(liveness.json().path("ttl").asText()).isEqualTo("PT1M30S");
    assertThat(http.get("/registry/" + fresh + "/liveness/").json().path("live").asBoolean())
        .isTrue();
    assertThat(http.get("/registry/nope/liveness").status()).isEqualTo(404);
  }

  @Test
  void aLiveOnlyRegistrySkipsEntriesPastTheTtlUntilTheirNextHeartbeat() throws Exception {
    server =
        new RegistryServer(
            TestDatabases.embedded(dir),
            clock,
            new Liveness(TTL, true),
            null,
            RegistryServer.DEFAULT_TRUSTED,
            AdapterHosts.of(java.util.Set.of()));
    http = new RegistryHttp(server.uri());
    String old = register("seir", "http://old:1", "READY");
    clock.advance(TTL.minusSeconds(10));
    String fresh = register("seir", "http://fresh:1", "READY");
    assertThat(server.registry.findReady("seir").orElseThrow().id()).isEqualTo(old);

    clock.advance(Duration.ofSeconds(11)); // old is now TTL + 1 s old, fresh 11 s
    assertThat(http.get("/registry/" + old).json().path("status").asText())
        .as("liveness is not a status")
        .isEqualTo("READY");
    assertThat(http.get("/registry/").json()).hasSize(2);
    assertThat(ids("{\"name\":\"seir\"}")).containsExactly(fresh);
    assertThat(ids("{}")).containsExactly(fresh);
    assertThat(server.registry.findReady("seir").orElseThrow().id()).isEqualTo(fresh);
    assertThat(server.registry.whyNotUsed(server.registry.get(old).orElseThrow()))
        .hasValueSatisfying(why -> assertThat(why).startsWith("is not live"));

    clock.advance(TTL);
    assertThat(server.registry.findReady("seir")).isEmpty();
    assertThat(ids("{\"name\":\"seir\"}")).isEmpty();

    // A heartbeat revives an entry.
    RegistryHttp.Answer heartbeat =
        http.put("/registry/" + old, entry("seir", "http://old:1", "READY"));
    assertThat(heartbeat.status()).isEqualTo(200);
    assertThat(server.registry.findReady("SEIR").orElseThrow().id()).isEqualTo(old);
  }

  @Test
  void theAdaptersTokenProtectsWritesButNotReadsOrSearch() throws Exception {
    start("adapters-secret");
    String body = entry("seir", "http://seir:9000", "READY");

    RegistryHttp.Answer anonymous = http.post("/registry/", body);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(anonymous.contentType()).isEqualTo("application/problem+json");
    RegistryHttp.Answer wrong = http.token("not-it").post("/registry", body);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.text()).doesNotContain("not-it");
    assertThat(http.token(RegistryServer.API_TOKEN).post("/registry/", body).status())
        .as("the runs API token is not the adapters' token")
        .isEqualTo(401);

    RegistryHttp.Answer registered = http.token("adapters-secret").post("/registry/", body);
    assertThat(registered.status()).isEqualTo(200);
    String id = registered.json().path("id").asText();

    http.token(null);
    assertThat(http.get("/registry/").status()).isEqualTo(200);
    assertThat(http.get("/registry/" + id).status()).isEqualTo(200);
    assertThat(http.post("/registry/search", "{\"name\":\"seir\"}").json()).hasSize(1);
    assertThat(http.post("/registry/search/", "{}").status()).isEqualTo(200);
    assertThat(http.put("/registry/" + id, body).status()).isEqualTo(401);
    assertThat(http.delete("/registry/" + id).status()).isEqualTo(401);
    assertThat(http.get("/registry/" + id).status()).as("still there").isEqualTo(200);

    http.token("adapters-secret");
    assertThat(http.put("/registry/" + id + "/", body).status()).isEqualTo(200);
    assertThat(http.delete("/registry/" + id).status()).isEqualTo(204);
  }
}
