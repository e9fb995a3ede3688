package io.modelrunner.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.core.callback.CallbackEvent;
import java.time.Instant;
import java.util.List;

/** Runs written straight into a {@link RunStore} for tests, the way the service leaves them. */
final class StoredRuns {
  private StoredRuns() {}

  /** A QUEUED run of model {@code seir}, dispatched {@code at}. */
  static void queued(RunStore store, String runId, Instant at) {
    store.insertIfAbsent(
        new NewRun(runId, "req-" + runId, "seir", "local/seir:1", "0".repeat(64), "{}", null, at));
  }

  /**
   * A run that ended in {@code state} at {@code at}, with {@code reason} (may be null), one stage
   * and its final callback event (not to be sent).
   */
  static void ended(RunStore store, String runId, RunState state, JsonNode reason, Instant at) {
    queued(store, runId, at.minusSeconds(30));
    RunStore.Claim claim = store.claim(runId, "node-a", at.minusSeconds(20)).orElseThrow();
    assertThat(store.enterStage(claim, "execute", at.minusSeconds(10))).isTrue();
    OutboxStore.Event event =
        new OutboxStore.Event(
            CallbackEvent.idFor(runId, "final"),
            runId,
            2,
            "final",
            "req-" + runId,
            null,
            null,
            OutboxStore.State.NOT_SENT,
            0,
            null,
            "test",
            false,
            at,
            at,
            null,
            null,
            null);
    assertThat(store.finish(claim, state, reason, List.of(), List.of(), at, event)).isTrue();
  }
}
