package io.modelrunner.app.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.adapter.Registration;
import io.modelrunner.api.adapter.RegistryEntry;
import io.modelrunner.api.adapter.RegistryStatus;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.app.db.Database;
import io.modelrunner.app.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's rules over an embedded database, with a clock the test moves. */
class ModelRegistryTest {
  private static final Duration TTL = Duration.ofSeconds(90);
  private static final ObjectMapper MAPPER = JsonMappers.standard();

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private Database database;
  private ModelRegistry registry;

  @BeforeEach
  void open() {
    database = Database.open(TestDatabases.embedded(dir));
    registry = new ModelRegistry(new RegistryStore(database), clock, TTL);
  }

  @AfterEach
  void close() {
    database.close();
  }

  private static Registration registration(String name, String uri, RegistryStatus status) {
    return new Registration(name, "1.0", uri, 2, 0, "team", status);
  }

  @Test
  void findReadyGivesTheFirstReadyHttpEntryOfThatNameIgnoringCase() {
    assertThat(registry.findReady("seir")).isEmpty();
    RegistryEntry busy = registry.register(registration("seir", "http://a:1", RegistryStatus.BUSY));
    RegistryEntry mqtt = registry.register(registration("seir", "mqtt://mmvib/seir", null));
    RegistryEntry first = registry.register(registration("SEIR", "http://b:1", null));
    RegistryEntry second = registry.register(registration("seir", "https://c:1", null));
    registry.register(registration("other", "http://d:1", null));

    assertThat(first.registration().status()).isEqualTo(RegistryStatus.READY);
    assertThat(registry.findReady("Seir")).contains(first);
    assertThat(registry.findByName("seir")).containsExactly(busy, mqtt, first, second);
    assertThat(registry.whyNotUsed(busy)).contains("is BUSY");
    assertThat(registry.whyNotUsed(mqtt))
        .hasValueSatisfying(why -> assertThat(why).contains("not an http(s) adapter"));
    assertThat(registry.whyNotUsed(first)).isEmpty();

    registry.delete(first.id());
    assertThat(registry.findReady("seir")).contains(second);
  }

  @Test
  void entriesThatNeverHeartbeatStayUsableByDefaultButAreNotLive() {
    RegistryEntry once = registry.register(registration("seir", "http://a:1", null));
    clock.advance(Duration.ofDays(30));
    assertThat(registry.isLive(once)).isFalse();
    assertThat(registry.findReady("seir")).contains(once);
    assertThat(registry.search(MAPPER.createObjectNode())).containsExactly(once);
    assertThat(registry.get(once.id()).orElseThrow().registration().status())
        .isEqualTo(RegistryStatus.READY);
    assertThat(registry.count()).isEqualTo(1);
    assertThat(registry.countLive()).isZero();
  }

  @Test
  void aLiveOnlyRegistrySkipsEntriesPastTheTtlUntilTheyAreRefreshed() throws Exception {
    ModelRegistry liveOnly =
        new ModelRegistry(new RegistryStore(database), clock, new Liveness(TTL, true));
    RegistryEntry first = liveOnly.register(registration("seir", "http://a:1", null));
    RegistryEntry second = liveOnly.register(registration("seir", "http://b:1", null));
    clock.advance(Duration.ofSeconds(60));
    liveOnly.replace(second.id(), registration("seir", "http://b:1", null));
    clock.advance(Duration.ofSeconds(31)); // first is 91 s old, second 31 s
    assertThat(liveOnly.isLive(first)).isFalse();
    assertThat(liveOnly.findReady("seir").orElseThrow().id()).isEqualTo(second.id());
    assertThat(liveOnly.whyNotUsed(first))
        .hasValueSatisfying(why -> assertThat(why).startsWith("is not live"));
    assertThat(liveOnly.search(MAPPER.readTree("{\"name\":\"seir\"}")))
        .extracting(RegistryEntry::id)
        .containsExactly(second.id());
    assertThat(liveOnly.list()).hasSize(2);
    assertThat(liveOnly.countLive()).isEqualTo(1);
  }

  @Test
  void searchIgnoresNullCriteriaAndMatchesOwnerlessEntriesOnlyWithoutAnOwnerCriterion()
      throws Exception {
    RegistryEntry a = registry.register(registration("seir", "http://a:1", null));
    RegistryEntry b =
        registry.register(new Registration("seir", "1", "mqtt://mmvib/seir", 1, 0, null, null));
    assertThat(registry.search(MAPPER.readTree("{\"name\":\"SEIR\",\"owner\":null}")))
        .containsExactly(a, b);
    assertThat(registry.search(MAPPER.readTree("{\"owner\":\"TEAM\"}"))).containsExactly(a);
    assertThat(registry.search(MAPPER.readTree("{\"status\":\"ready\"}"))).containsExactly(a, b);
    assertThat(registry.search(MAPPER.readTree("{\"id\":\"" + b.id() + "\"}"))).containsExactly(b);
    assertThat(registry.search(MAPPER.readTree("{\"name\":1}"))).isEmpty();
    assertThat(registry.search(MAPPER.readTree("{\"max_workers\":\"2\"}"))).isEmpty();
    assertThat(registry.search(MAPPER.readTree("{\"max_workers\":2.5}"))).isEmpty();
    assertThat(registry.search(MAPPER.readTree("{\"unknown\":\"x\"}"))).isEmpty();
  }

  @Test
  void replaceAndDeleteAnswerWhetherTheEntryExisted() {
    RegistryEntry a = registry.register(registration("seir", "http://a:1", null));
    registry.register(registration("seir", "http://b:1", null));
    assertThat(UUID.fromString(a.id()).version()).isEqualTo(4);
    assertThat(
            registry.replace(UUID.randomUUID().toString(), registration("x", "http://x:1", null)))
        .isEmpty();
    assertThat(registry.replace("999", registration("x", "http://x:1", null))).isEmpty();
    assertThatThrownBy(() -> registry.replace(a.id(), registration("seir", "http://b:1", null)))
        .isInstanceOf(UriTakenException.class)
        .hasMessageContaining("http://b:1");
    assertThat(registry.delete(a.id())).isTrue();
    assertThat(registry.delete(a.id())).isFalse();
    assertThat(registry.get(a.id())).isEmpty();
  }

  @Test
  void registrationDefaultsAreThoseOfTheDeployedRegistry() {
    // MultiModelling/Model-Registry, tno/mmvib_registry/models/modeladapter.py: status READY,
    // owner None
    assertThat(new Registration("seir", null, "http://a:1//", 1, 0, null, null))
        .isEqualTo(new Registration("seir", "", "http://a:1", 1, 0, null, RegistryStatus.READY));
    assertThatThrownBy(() -> new ModelRegistry(new RegistryStore(database), clock, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
