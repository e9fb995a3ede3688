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
  void findReadyGivesTheFirstLiveReadyEntryOfThatNameIgnoringCase() {
    assertThat(registry.findReady("seir")).isEmpty();
    RegistryEntry busy = registry.register(registration("seir", "http://a:1", RegistryStatus.BUSY));
    RegistryEntry first = registry.register(registration("SEIR", "http://b:1", null));
    RegistryEntry second = registry.register(registration("seir", "http://c:1", null));
    registry.register(registration("other", "http://d:1", null));

    assertThat(first.registration().status()).isEqualTo(RegistryStatus.READY);
    assertThat(registry.findReady("Seir")).contains(first);
    assertThat(registry.findByName("seir")).containsExactly(busy, first, second);

    clock.advance(Duration.ofSeconds(60));
    registry.replace(second.id(), registration("seir", "http://c:1", null));
    clock.advance(Duration.ofSeconds(31)); // first is 91 s old, second 31 s
    assertThat(registry.get(first.id()).orElseThrow().registration().status())
        .isEqualTo(RegistryStatus.UNAVAILABLE);
    assertThat(registry.findReady("seir").orElseThrow().id()).isEqualTo(second.id());
    assertThat(registry.count()).isEqualTo(4);
    assertThat(registry.countLive()).isEqualTo(1);
    assertThat(registry.list()).hasSize(4);
  }

  @Test
  void anEntryIsLiveUpToExactlyTheTtl() {
    RegistryEntry e = registry.register(registration("seir", "http://a:1", null));
    clock.advance(TTL);
    assertThat(registry.get(e.id()).orElseThrow().registration().status())
        .isEqualTo(RegistryStatus.READY);
    clock.advance(Duration.ofMillis(1));
    assertThat(registry.get(e.id()).orElseThrow().registration().status())
        .isEqualTo(RegistryStatus.UNAVAILABLE);
    assertThat(registry.get(e.id()).orElseThrow().lastSeen()).isEqualTo(e.lastSeen());
  }

  @Test
  void searchIgnoresNullCriteriaAndFindsExpiredEntriesOnlyWhenAskedFor() throws Exception {
    RegistryEntry a = registry.register(registration("seir", "http://a:1", null));
    clock.advance(TTL.plusSeconds(1));
    RegistryEntry b = registry.register(registration("seir", "http://b:1", null));
    assertThat(registry.search(MAPPER.readTree("{\"name\":\"SEIR\",\"owner\":null}")))
        .containsExactly(b);
    assertThat(registry.search(MAPPER.readTree("{\"status\":\"unavailable\"}")))
        .extracting(RegistryEntry::id)
        .containsExactly(a.id());
    assertThat(registry.search(MAPPER.readTree("{\"name\":1}"))).isEmpty();
    assertThat(registry.search(MAPPER.readTree("{\"max_workers\":\"2\"}"))).isEmpty();
    assertThat(registry.search(MAPPER.readTree("{\"max_workers\":2.5}"))).isEmpty();
    assertThat(registry.search(MAPPER.readTree("{\"unknown\":\"x\"}"))).isEmpty();
  }

  @Test
  void replaceAndDeleteAnswerWhetherTheEntryExisted() {
    RegistryEntry a = registry.register(registration("seir", "http://a:1", null));
    registry.register(registration("seir", "http://b:1", null));
    assertThat(registry.replace(999, registration("x", "http://x:1", null))).isEmpty();
    assertThatThrownBy(() -> registry.replace(a.id(), registration("seir", "http://b:1", null)))
        .isInstanceOf(UriTakenException.class)
        .hasMessageContaining("http://b:1");
    assertThat(registry.delete(a.id())).isTrue();
    assertThat(registry.delete(a.id())).isFalse();
    assertThat(registry.get(a.id())).isEmpty();
  }

  @Test
  void registrationsRefuseWhatNoAdapterReports() {
    assertThatThrownBy(
            () -> registry.register(registration("seir", "http://a:1", RegistryStatus.UNAVAILABLE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("READY or BUSY");
    assertThat(new Registration("seir", null, "http://a:1//", 1, 0, null, null))
        .isEqualTo(new Registration("seir", "", "http://a:1", 1, 0, "", RegistryStatus.READY));
    assertThatThrownBy(() -> new ModelRegistry(new RegistryStore(database), clock, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
