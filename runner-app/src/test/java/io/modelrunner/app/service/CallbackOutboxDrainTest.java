package io.modelrunner.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.app.db.Database;
import io.modelrunner.app.db.DatabaseConfig;
import io.modelrunner.core.callback.CallbackClient;
import io.modelrunner.core.callback.CallbackEvent;
import io.modelrunner.core.callback.CallbackSettings;
import io.modelrunner.core.catalog.ModelsCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CallbackOutbox#drain} on a real embedded database and a real HTTP receiver: what shutdown
 * relies on to send the final callbacks of the runs that ended in its grace period.
 */
class CallbackOutboxDrainTest {
  @TempDir Path dir;
  private Database database;
  private RunStore runs;
  private OutboxStore events;
  private HttpServer receiver;
  private CallbackOutbox outbox;
  private final AtomicInteger received = new AtomicInteger();
  private final CountDownLatch arrived = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile int answer = 204;
  private volatile boolean hold;

  @BeforeEach
  void open() throws IOException {
    database = Database.open(DatabaseConfig.embedded(dir));
    runs = new RunStore(database);
    events = new OutboxStore(database);
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
          }
          received.incrementAndGet();
          arrived.countDown();
          if (hold) {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          exchange.sendResponseHeaders(answer, -1);
          exchange.close();
        });
    receiver.start();
    CallbackSettings settings =
        CallbackSettings.defaults(Map.of()).withAllowedHosts(Set.of(CallbackSettings.ANY));
    outbox =
        new CallbackOutbox(
            events,
            new CallbackClient(settings),
            new CallbackOutbox.Settings(
                "node-a",
                Duration.ofHours(24),
                Duration.ofHours(1), // a failed attempt is not due again during the test
                Duration.ofHours(1),
                2,
                Duration.ofSeconds(1),
                Duration.ofSeconds(30)),
            Clock.systemUTC(),
            CallbackOutbox.Listener.NONE);
  }

  @AfterEach
  void close() {
    release.countDown();
    outbox.close();
    receiver.stop(0);
    database.close();
  }

  /** Dispatches, claims and fails one run, recording its final callback in the outbox. */
  private String finishedRunWithPendingFinalCallback() {
    RunDispatcher dispatcher =
        new RunDispatcher(
            new DispatchRules(
                new SchemaValidator(JsonMappers.standard()).schema(SchemaName.REQUEST),
                ModelsCatalog.empty(),
                List.of(),
                Set.of()),
            runs,
            new ModelLabels(ModelsCatalog.empty()),
            Clock.systemUTC(),
            10,
            () -> {});
    Dispatch dispatch = dispatcher.submit(RunDispatcherTest.request("req-1", "seir"));
    String runId = dispatch.runs().get(0).runId();
    Instant now = Instant.now();
    RunStore.Claim claim = runs.claim(runId, "node-a", now).orElseThrow();
    CallbackEvent event =
        CallbackEvent.of(
            "final",
            runId,
            "req-1",
            "http://127.0.0.1:" + receiver.getAddress().getPort(),
            JsonMappers.standard().createObjectNode().put("status", "failed"));
    assertThat(
            runs.finish(
                claim,
                RunState.FAILED,
                null,
                List.of(),
                List.of(),
                now,
                outbox.newEvent(event, 2, now)))
        .isTrue();
    return event.eventId();
  }

  @Test
  void drainReturnsOnceTheDueFinalCallbackIsDelivered() {
    String eventId = finishedRunWithPendingFinalCallback();
    outbox.start();

    assertThat(outbox.drain(Duration.ofSeconds(30))).isTrue();

    assertThat(events.find(eventId).orElseThrow().state()).isEqualTo(OutboxStore.State.DELIVERED);
    assertThat(received).hasValue(1);
  }

  @Test
  void drainGivesUpAtItsBoundWhileAnAttemptIsInFlightThenFinishesWhenItEnds() throws Exception {
    hold = true;
    String eventId = finishedRunWithPendingFinalCallback();
    outbox.start();
    assertThat(arrived.await(30, TimeUnit.SECONDS)).as("the attempt reached the receiver").isTrue();

    assertThat(outbox.drain(Duration.ofMillis(200))).as("an attempt is still in flight").isFalse();

    release.countDown();
    assertThat(outbox.drain(Duration.ofSeconds(30))).isTrue();
    assertThat(events.find(eventId).orElseThrow().state()).isEqualTo(OutboxStore.State.DELIVERED);
  }

  @Test
  void anEventWaitingForItsNextAttemptIsLeftForTheNextStart() {
    answer = 503;
    String eventId = finishedRunWithPendingFinalCallback();
    outbox.start();

    assertThat(outbox.drain(Duration.ofSeconds(30))).isTrue();

    OutboxStore.Event event = events.find(eventId).orElseThrow();
    assertThat(event.state()).isEqualTo(OutboxStore.State.PENDING);
    assertThat(event.attempts()).isEqualTo(1);
    assertThat(received).hasValue(1);
  }
}
