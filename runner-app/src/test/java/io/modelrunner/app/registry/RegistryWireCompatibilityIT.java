package io.modelrunner.app.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.app.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The registry answers the requests of the deployed Model-Registry's own test-suite
 * (MultiModelling/Model-Registry, tests/test_registry_api.py) as that registry does: one test per
 * test there (named in each test's comment), plus the facts its code fixes (tno/mmvib_registry:
 * apis/registry.py, models/modeladapter.py, db/memorydb.py, db/sqldb.py). Each suite test runs on a
 * fresh registry holding what the suite's earlier tests left in it ({@link #seedAsTheSuiteDoes}).
 *
 * <p>The suite reads every answer with {@code ModelAdapter.Schema().load}, a marshmallow schema:
 * {@link #assertLoadsAsModelAdapter} checks what that load requires.
 */
class RegistryWireCompatibilityIT {
  /** The fields of tno/mmvib_registry/models/modeladapter.py's ModelAdapter; no others load. */
  private static final Set<String> MODEL_ADAPTER_FIELDS =
      Set.of(
          "id",
          "name",
          "version",
          "uri",
          "max_workers",
          "used_workers",
          "status",
          "owner",
          "last_seen");

  /** An ISO date-time that marshmallow's DateTime field loads (at most microseconds). */
  private static final Pattern ISO_DATE_TIME =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?(Z|[+-]\\d{2}:?\\d{2})?");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private RegistryServer server;
  private RegistryHttp http;

  @BeforeEach
  void start() {
    server = new RegistryServer(TestDatabases.embedded(dir), clock, Duration.ofSeconds(90), null);
    http = new RegistryHttp(server.uri());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * A body as the suite posts it: {@code ModelAdapter.Schema().dump(m)} of a ModelAdapter made
   * without id, so with {@code "id": null} and a naive {@code last_seen}.
   */
  private static String dumped(String name, String version, String uri, String owner) {
    return "{\"name\":\""
        + name
        + "\",\"version\":\""
        + version
        + "\",\"uri\":\""
        + uri
        + "\",\"max_workers\":1,\"used_workers\":0,\"id\":null,\"status\":\"READY\",\"owner\":\""
        + owner
        + "\",\"last_seen\":\"2023-09-14T10:11:12.123456\"}";
  }

  private static final String OPERA =
      dumped("Opera", "2022-06-01", "mqtt://mmvib/opera", "Joost van Stralen");
  private static final String ESSIM =
      dumped("ESSIM", "2023-09", "http://essim:9200/simulation", "Edwin Matthijssen");

  /** What ModelAdapter.Schema().load(entry) needs to succeed. */
  private static void assertLoadsAsModelAdapter(JsonNode entry) {
    assertThat(entry.isObject()).as("%s", entry).isTrue();
    List<String> fields = new ArrayList<>();
    entry.fieldNames().forEachRemaining(fields::add);
    assertThat(MODEL_ADAPTER_FIELDS).as("unknown fields fail the load").containsAll(fields);
    for (String text : List.of("name", "version", "uri")) {
      assertThat(entry.path(text).isTextual()).as(text + " in %s", entry).isTrue();
    }
    for (String number : List.of("max_workers", "used_workers")) {
      assertThat(entry.path(number).isInt()).as(number + " in %s", entry).isTrue();
    }
    assertThat(entry.path("id").isTextual() || entry.path("id").isNull()).isTrue();
    assertThat(entry.path("owner").isTextual() || entry.path("owner").isNull()).isTrue();
    assertThat(entry.path("status").asText()).isIn("READY", "BUSY");
    assertThat(entry.path("last_seen").asText()).matches(ISO_DATE_TIME);
  }

  private JsonNode post(String body) throws Exception {
    RegistryHttp.Answer a = http.post("/registry/", body);
    // apis/registry.py answers jsonify(...) from the view: flask-smorest keeps its 200
    assertThat(a.status()).as(a.text()).isEqualTo(200);
    assertLoadsAsModelAdapter(a.json());
    return a.json();
  }

  private JsonNode search(String criteria) throws Exception {
    RegistryHttp.Answer a = http.post("/registry/search", criteria);
    assertThat(a.status()).as(criteria + " -> " + a.text()).isEqualTo(200);
    assertThat(a.json().isArray()).isTrue();
    a.json().forEach(RegistryWireCompatibilityIT::assertLoadsAsModelAdapter);
    return a.json();
  }

  private static List<String> names(JsonNode entries) {
    List<String> names = new ArrayList<>();
    entries.forEach(e -> names.add(e.path("name").asText()));
    return names;
  }

  /** test1_post_model, test1a and test1b, as the later tests of the suite find them. */
  private void seedAsTheSuiteDoes() throws Exception {
    post(OPERA);
    post(ESSIM);
    post(ESSIM);
  }

  @Test
  void test1PostModel() throws Exception {
    // test1_post_model: an mqtt:// uri, "id": null; the answer loads, with a uuid4 string id
    JsonNode opera = post(OPERA);
    assertThat(UUID.fromString(opera.path("id").asText()).version()).isEqualTo(4);
    assertThat(opera.path("uri").asText()).isEqualTo("mqtt://mmvib/opera");
    assertThat(opera.path("owner").asText()).isEqualTo("Joost van Stralen");
    assertThat(opera.path("status").asText()).isEqualTo("READY");
  }

  @Test
  void test1aPostModelAddExtraModel() throws Exception {
    // test1a_post_model_add_extra_model
    post(OPERA);
    JsonNode essim = post(ESSIM);
    assertThat(essim.path("name").asText()).isEqualTo("ESSIM");
    assertThat(essim.path("uri").asText()).isEqualTo("http://essim:9200/simulation");
    assertThat(http.get("/registry/").json()).hasSize(2);
  }

  @Test
  void test1bPostModelAddExtraModelWithSameUri() throws Exception {
    // test1b_post_model_add_extra_model_with_same_uri: db/memorydb.py and db/sqldb.py add_model
    // replace the entry with that uri and keep its id
    post(OPERA);
    String first = post(ESSIM).path("id").asText();
    JsonNode again = post(ESSIM);
    assertThat(again.path("id").asText()).isEqualTo(first);
    assertThat(http.get("/registry/").json()).hasSize(2);
  }

  @Test
  void test2GetList() throws Exception {
    // test2_get_list: GET /registry (no slash; Flask redirects, requests follows) -> 200, and the
    // first entry is the first registered
    seedAsTheSuiteDoes();
    RegistryHttp.Answer list = http.get("/registry");
    assertThat(list.status()).isEqualTo(200);
    list.json().forEach(RegistryWireCompatibilityIT::assertLoadsAsModelAdapter);
    assertThat(list.json().get(0).path("name").asText()).isEqualTo("Opera");
    assertThat(names(http.get("/registry/").json())).containsExactly("Opera", "ESSIM");
  }

  @Test
  void test3Search() throws Exception {
    // test3_search: {"name": "Opera"} -> 200, a list that loads (many=True)
    seedAsTheSuiteDoes();
    assertThat(names(search("{\"name\":\"Opera\"}"))).containsExactly("Opera");
  }

  @Test
  void test4SearchByInt() throws Exception {
    // test4_search_by_int: {"max_workers": 1} -> 200; numbers match exactly
    seedAsTheSuiteDoes();
    assertThat(names(search("{\"max_workers\":1}"))).containsExactly("Opera", "ESSIM");
    assertThat(search("{\"max_workers\":2}")).isEmpty();
  }

  @Test
  void test5SearchByEnum() throws Exception {
    // test5_search_by_enum: {"status": "READY"} -> 200
    seedAsTheSuiteDoes();
    assertThat(names(search("{\"status\":\"READY\"}"))).containsExactly("Opera", "ESSIM");
    assertThat(search("{\"status\":\"BUSY\"}")).isEmpty();
  }

  @Test
  void test6GetById() throws Exception {
    // test6_get_by_id: search ESSIM, GET /registry/<id> -> 200 with that id
    seedAsTheSuiteDoes();
    String id = search("{\"name\":\"ESSIM\"}").get(0).path("id").asText();
    RegistryHttp.Answer read = http.get("/registry/" + id);
    assertThat(read.status()).isEqualTo(200);
    assertLoadsAsModelAdapter(read.json());
    assertThat(read.json().path("id").asText()).isEqualTo(id);
  }

  @Test
  void test7SearchAndDelete() throws Exception {
    // test7_search_and_delete: DELETE /registry/<id> -> 204 for each found; then none is found
    seedAsTheSuiteDoes();
    JsonNode found = search("{\"name\":\"Opera\"}");
    assertThat(found).isNotEmpty();
    for (JsonNode entry : found) {
      RegistryHttp.Answer deleted = http.delete("/registry/" + entry.path("id").asText());
      assertThat(deleted.status()).isEqualTo(204);
      assertThat(deleted.text()).isEmpty();
    }
    assertThat(search("{\"name\":\"Opera\"}")).isEmpty();
    assertThat(names(http.get("/registry/").json())).containsExactly("ESSIM");
  }

  @Test
  void postWithoutIdOrOwnerGetsAUuidAndANullOwner() throws Exception {
    // models/modeladapter.py: id and owner default to None; apis/registry.py gives str(uuid4())
    JsonNode entry =
        post(
            "{\"name\":\"ETM\",\"version\":\"1\",\"uri\":\"http://etm:9300\",\"max_workers\":2,"
                + "\"used_workers\":0}");
    assertThat(UUID.fromString(entry.path("id").asText()).version()).isEqualTo(4);
    assertThat(entry.has("owner")).isTrue();
    assertThat(entry.get("owner").isNull()).isTrue();
    assertThat(entry.path("status").asText()).as("status defaults to READY").isEqualTo("READY");
  }

  @Test
  void aClientChosenIdIsReplacedByTheRegistrysOwn() throws Exception {
    // apis/registry.py post(): data.id = str(uuid.uuid4()), whatever the body said
    JsonNode entry = post(ESSIM.replace("\"id\":null", "\"id\":\"my-own-id\""));
    assertThat(entry.path("id").asText()).isNotEqualTo("my-own-id");
    assertThat(UUID.fromString(entry.path("id").asText()).version()).isEqualTo(4);
    assertThat(http.get("/registry/my-own-id").status()).isEqualTo(404);
  }

  @Test
  void statusIsReadyOrBusyByNameAndNothingElse() throws Exception {
    // models/modeladapter.py: ModelAdapterState {READY, BUSY}, loaded by name (marshmallow_enum)
    assertThat(post(ESSIM.replace("READY", "BUSY")).path("status").asText()).isEqualTo("BUSY");
    for (String status : List.of("UNAVAILABLE", "ready", "0")) {
      RegistryHttp.Answer a =
          http.post("/registry/", OPERA.replace("\"READY\"", '"' + status + '"'));
      assertThat(a.status()).as(status).isEqualTo(422);
      assertThat(a.pointers()).containsExactly("/status");
    }
    assertThat(http.post("/registry/search", "{\"status\":\"UNAVAILABLE\"}").status())
        .isEqualTo(422);
  }

  @Test
  void wrongTypesAndUnknownFieldsAre422() throws Exception {
    // marshmallow refuses an integer id (fields.String), a missing required field and, in the
    // search arguments (webargs), an unknown one
    RegistryHttp.Answer intId = http.post("/registry/", OPERA.replace("\"id\":null", "\"id\":7"));
    assertThat(intId.status()).isEqualTo(422);
    assertThat(intId.pointers()).containsExactly("/id");
    RegistryHttp.Answer noVersion =
        http.post("/registry/", OPERA.replace("\"version\":\"2022-06-01\",", ""));
    assertThat(noVersion.status()).isEqualTo(422);
    assertThat(noVersion.pointers()).containsExactly("/version");
    RegistryHttp.Answer unknown = http.post("/registry/search", "{\"colour\":\"red\"}");
    assertThat(unknown.status()).isEqualTo(422);
    // a deliberate difference: the deployed registry stores any string as uri
    RegistryHttp.Answer notAUri = http.post("/registry/", OPERA.replace("mqtt://mmvib/opera", "x"));
    assertThat(notAUri.status()).isEqualTo(422);
    assertThat(notAUri.pointers()).containsExactly("/uri");
  }

  @Test
  void putUpdatesByIdAndIsA404ForAnUnknownOne() throws Exception {
    // apis/registry.py put(): 200 with the updated entry (last_seen becomes now), 404 unknown id
    String id = post(OPERA).path("id").asText();
    clock.advance(Duration.ofSeconds(42));
    RegistryHttp.Answer put = http.put("/registry/" + id, OPERA.replace("READY", "BUSY"));
    assertThat(put.status()).as(put.text()).isEqualTo(200);
    assertLoadsAsModelAdapter(put.json());
    assertThat(put.json().path("id").asText()).isEqualTo(id);
    assertThat(put.json().path("status").asText()).isEqualTo("BUSY");
    assertThat(Instant.parse(put.json().path("last_seen").asText())).isEqualTo(clock.instant());
    String unknown = UUID.randomUUID().toString();
    assertThat(http.put("/registry/" + unknown, OPERA).status()).isEqualTo(404);
    assertThat(http.get("/registry/" + unknown).status()).isEqualTo(404);
    assertThat(http.delete("/registry/" + unknown).status()).isEqualTo(404);
  }

  @ParameterizedTest(name = "GET {0}")
  @ValueSource(strings = {"/status", "/status/"})
  void statusAnswers200(String path) throws Exception {
    // apis/status.py: GET /status/ answers 200 "OK!"
    RegistryHttp.Answer status = http.get(path);
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.text()).isEqualTo("OK!");
    assertThat(http.post(path, "{}").status()).as("GET only").isEqualTo(405);
  }

  @Test
  void searchComparesStringsIgnoringCaseForEquality() throws Exception {
    // db/memorydb.py search(): v.lower() == value.lower() for strings, == for the rest
    seedAsTheSuiteDoes();
    assertThat(names(search("{\"name\":\"opera\"}"))).containsExactly("Opera");
    assertThat(names(search("{\"owner\":\"EDWIN MATTHIJSSEN\"}"))).containsExactly("ESSIM");
    assertThat(names(search("{\"uri\":\"MQTT://mmvib/opera\"}"))).containsExactly("Opera");
    assertThat(names(search("{\"name\":\"essim\",\"max_workers\":1}"))).containsExactly("ESSIM");
    // a deliberate difference from db/sqldb.py, which matches substrings
    assertThat(search("{\"name\":\"Oper\"}")).isEmpty();
    assertThat(names(search("{}"))).containsExactly("Opera", "ESSIM");
  }
}
