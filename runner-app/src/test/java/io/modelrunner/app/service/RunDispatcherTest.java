package io.modelrunner.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.app.db.Database;
import io.modelrunner.app.db.DatabaseConfig;
import io.modelrunner.core.catalog.ModelsCatalog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RunDispatcher} on a real embedded database: what a dispatch stores, and that a refused one
 * stores nothing.
 */
class RunDispatcherTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  private Database database;
  private RunStore store;
  private final AtomicInteger wakes = new AtomicInteger();

  @BeforeEach
  void open() {
    database = Database.open(DatabaseConfig.embedded(dir));
    store = new RunStore(database);
  }

  @AfterEach
  void close() {
    database.close();
  }

  private RunDispatcher dispatcher(int queueLimit) {
    DispatchRules rules =
        new DispatchRules(
            new SchemaValidator(JsonMappers.standard()).schema(SchemaName.REQUEST),
            ModelsCatalog.empty(),
            List.of(),
            Set.of());
    return new RunDispatcher(
        rules,
        store,
        new ModelLabels(ModelsCatalog.empty()),
        CLOCK,
        queueLimit,
        wakes::incrementAndGet);
  }

  /** A valid request with id {@code id} for models {@code slugs}. */
  static ObjectNode request(String id, String... slugs) {
    ObjectNode doc = DispatchRulesTest.valid();
    doc.put("id", id);
    doc.putArray("models");
    for (String slug : slugs) {
      ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("models"))
          .addObject()
          .put("slug", slug)
          .put("imageURL", "local/" + slug + ":1");
    }
    return doc;
  }

  @Test
  void aDispatchStoresOneQueuedRunPerModelWithItsQueueEntryAndWakesTheQueue() throws Exception {
    Dispatch dispatch = dispatcher(10).submit(request("req-1", "seir", "sir"));

    assertThat(dispatch.requestId()).isEqualTo("req-1");
    assertThat(dispatch.repeated()).isFalse();
    assertThat(dispatch.runs())
        .extracting(Dispatch.Entry::modelSlug, Dispatch.Entry::state, Dispatch.Entry::created)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("seir", RunState.QUEUED, true),
            org.assertj.core.groups.Tuple.tuple("sir", RunState.QUEUED, true));
    for (Dispatch.Entry entry : dispatch.runs()) {
      StoredRun run = store.find(entry.runId()).orElseThrow();
      assertThat(run.requestId()).isEqualTo("req-1");
      assertThat(run.createdAt()).isEqualTo(CLOCK.instant());
    }
    assertThat(queueEntries()).containsExactlyInAnyOrderElementsOf(runIds(dispatch));
    assertThat(wakes).hasValue(1);
  }

  @Test
  void aRepeatedDispatchAnswersTheSameRunsAndCreatesNothing() throws Exception {
    RunDispatcher dispatcher = dispatcher(10);
    Dispatch first = dispatcher.submit(request("req-1", "seir"));
    ObjectNode again = request("req-1", "seir");
    ObjectNode reordered = JsonMappers.standard().createObjectNode();
    List.of("models", "configuration", "callbackURL", "id")
        .forEach(field -> reordered.set(field, again.get(field)));

    Dispatch second = dispatcher.submit(reordered);

    assertThat(second.repeated()).as("the same body in another key order").isTrue();
    assertThat(runIds(second)).isEqualTo(runIds(first));
    assertThat(second.runs()).allMatch(entry -> !entry.created());
    assertThat(store.countByState().get(RunState.QUEUED)).isEqualTo(1L);
    assertThat(queueEntries()).hasSize(1);
    assertThat(wakes).as("nothing new to pick").hasValue(1);
  }

  @Test
  void theSameRequestIdWithAnotherBodyConflictsAndStoresNothing() throws Exception {
    RunDispatcher dispatcher = dispatcher(10);
    Dispatch first = dispatcher.submit(request("req-1", "seir"));
    ObjectNode changed = request("req-1", "seir", "sir");
    ((ObjectNode) changed.path("configuration")).put("region", "GB");

    assertThatThrownBy(() -> dispatcher.submit(changed))
        .isInstanceOfSatisfying(
            DispatchRefusedException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(DispatchRefusedException.Kind.CONFLICT);
              assertThat(e.getMessage())
                  .contains("req-1", "seir", first.runs().get(0).runId(), "new request id");
              assertThat(e.errors()).extracting(v -> v.pointer()).containsExactly("/id");
            });
    assertThat(store.countByState().get(RunState.QUEUED))
        .as("not even the new model's run")
        .isEqualTo(1L);
    assertThat(queueEntries()).containsExactlyElementsOf(runIds(first));
  }

  @Test
  void aDispatchPastTheQueueLimitIsRefusedWholeAndStoresNothing() throws Exception {
    RunDispatcher dispatcher = dispatcher(2);
    Dispatch first = dispatcher.submit(request("req-1", "seir"));

    assertThatThrownBy(() -> dispatcher.submit(request("req-2", "seir", "sir")))
        .isInstanceOfSatisfying(
            DispatchRefusedException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(DispatchRefusedException.Kind.QUEUE_FULL);
              assertThat(e.getMessage()).contains("holds 1 runs", "limit is 2", "queue-limit");
            });
    assertThat(store.countByState().get(RunState.QUEUED)).isEqualTo(1L);
    assertThat(queueEntries()).containsExactlyElementsOf(runIds(first));
    assertThat(dispatcher.submit(request("req-1", "seir")).repeated())
        .as("a repeated dispatch needs no room")
        .isTrue();
  }

  @Test
  void anInvalidRequestIsRefusedWithItsErrorsAndStoresNothing() throws Exception {
    ObjectNode invalid = request("req-1", "seir");
    invalid.remove("configuration");

    assertThatThrownBy(() -> dispatcher(10).submit(invalid))
        .isInstanceOfSatisfying(
            DispatchRefusedException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(DispatchRefusedException.Kind.INVALID);
              assertThat(e.getMessage()).startsWith("the run request is invalid: ");
              assertThat(e.errors()).isNotEmpty();
            });
    assertThat(store.countByState().values()).allMatch(n -> n == 0L);
    assertThat(queueEntries()).isEmpty();
    assertThat(wakes).hasValue(0);
  }

  private static List<String> runIds(Dispatch dispatch) {
    return dispatch.runs().stream().map(Dispatch.Entry::runId).toList();
  }

  /** The run ids of the queue's entries (db-scheduler's task instances). */
  private List<String> queueEntries() throws SQLException {
    try (Connection c = database.connection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT task_instance FROM scheduled_tasks")) {
      List<String> ids = new java.util.ArrayList<>();
      while (r.next()) {
        ids.add(r.getString(1));
      }
      return ids;
    }
  }
}
