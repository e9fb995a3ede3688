package io.modelrunner.core.callback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.core.support.WebAppSink;
import io.modelrunner.core.support.WebAppSink.Answer;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CallbackClientTest {
  private static final String SECRET = "s3cr3t-value-never-logged";

  private WebAppSink webApp;
  private ListAppender<ILoggingEvent> logs;
  private Logger logger;

  @BeforeEach
  void start() throws Exception {
    webApp = new WebAppSink();
    logger = (Logger) LoggerFactory.getLogger(CallbackClient.class);
    logger.setLevel(Level.DEBUG);
    logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(logs);
    webApp.close();
  }

  private static CallbackSettings settings(int attempts) {
    return new CallbackSettings(
        Duration.ofSeconds(5), attempts, Duration.ofMillis(10), Duration.ofMillis(40), SECRET);
  }

  private static ObjectNode body() {
    return JsonNodeFactory.instance
        .objectNode()
        .put("modelSlug", "seir")
        .put("status", "in-progress");
  }

  @Test
  void postsJsonWithBearerSecretToTheSimulationsPath() {
    var delivery = new CallbackClient(settings(3)).post("start", webApp.url(), "run 1/x", body());

    assertThat(delivery.delivered()).isTrue();
    assertThat(delivery.attempts()).isEqualTo(1);
    var received = webApp.received();
    assertThat(received).hasSize(1);
    assertThat(received.get(0).method()).isEqualTo("POST");
    assertThat(received.get(0).path()).isEqualTo("/api/simulations/run%201%2Fx");
    assertThat(received.get(0).authorization()).isEqualTo("Bearer " + SECRET);
    assertThat(received.get(0).contentType()).isEqualTo("application/json");
    assertThat(withoutEnvelope(received.get(0).body())).isEqualTo(body());
    assertThat(received.get(0).body().path("delivery").asText()).isEqualTo("best-effort");
    assertThat(received.get(0).body().path("eventId").asText())
        .isEqualTo(delivery.eventId())
        .matches("msg_[0-9a-f]{32}");
  }

  /** The body as the caller made it: without the {@code eventId} and {@code delivery} fields. */
  private static ObjectNode withoutEnvelope(com.fasterxml.jackson.databind.JsonNode sent) {
    ObjectNode copy = ((ObjectNode) sent).deepCopy();
    copy.remove("eventId");
    copy.remove("delivery");
    return copy;
  }

  @Test
  void trailingSlashOfCallbackUrlIsNotDoubled() {
    new CallbackClient(settings(1)).post("start", webApp.url() + "/", "7", body());
    assertThat(webApp.received().get(0).path()).isEqualTo("/api/simulations/7");
  }

  @Test
  void retries5xxWithBackoffThenDelivers() {
    AtomicInteger calls = new AtomicInteger();
    webApp.answer(r -> calls.incrementAndGet() <= 2 ? new Answer(503, "") : Answer.ok());

    var delivery = new CallbackClient(settings(5)).post("final", webApp.url(), "1", body());

    assertThat(delivery.delivered()).isTrue();
    assertThat(delivery.attempts()).isEqualTo(3);
    assertThat(webApp.received())
        .hasSize(3)
        .allSatisfy(r -> assertThat(withoutEnvelope(r.body())).isEqualTo(body()));
    assertThat(webApp.received())
        .extracting(r -> r.header(WebhookSignature.ID_HEADER))
        .as("every attempt carries the same event id")
        .containsOnly(delivery.eventId());
    assertThat(webApp.received())
        .extracting(r -> new String(r.rawBody(), java.nio.charset.StandardCharsets.UTF_8))
        .as("every attempt sends the same bytes")
        .containsOnly(
            new String(
                webApp.received().get(0).rawBody(), java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void finalFailureAfterAllAttemptsIsRecordedAndLogged() {
    webApp.answer(r -> new Answer(500, "{\"error\":\"boom\"}"));

    var delivery = new CallbackClient(settings(3)).post("final", webApp.url(), "1", body());

    assertThat(delivery.status()).isEqualTo(CallbackDelivery.Status.FAILED);
    assertThat(delivery.attempts()).isEqualTo(3);
    assertThat(delivery.httpStatus()).isEqualTo(500);
    assertThat(delivery.detail()).contains("not delivered after 3 attempt(s)", "HTTP 500");
    assertThat(webApp.received()).hasSize(3);
    assertThat(logs.list)
        .anySatisfy(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.WARN);
              assertThat(e.getFormattedMessage()).contains("final callback", "failed");
            });
  }

  @Test
  void clientErrorsAreNotRetried() {
    webApp.answer(r -> new Answer(401, ""));
    var delivery = new CallbackClient(settings(5)).post("start", webApp.url(), "1", body());
    assertThat(delivery.status()).isEqualTo(CallbackDelivery.Status.FAILED);
    assertThat(delivery.attempts()).isEqualTo(1);
    assertThat(delivery.httpStatus()).isEqualTo(401);
  }

  @Test
  void networkErrorsAreRetriedThenRecorded() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    var delivery =
        new CallbackClient(settings(3))
            .post("start", "http://127.0.0.1:" + closedPort, "1", body());
    assertThat(delivery.status()).isEqualTo(CallbackDelivery.Status.FAILED);
    assertThat(delivery.attempts()).isEqualTo(3);
    assertThat(delivery.httpStatus()).isNull();
    assertThat(delivery.detail()).contains("ConnectException");
  }

  @Test
  void cancelAnswerIsRecognised() {
    webApp.answer(r -> Answer.cancel());
    assertThat(
            new CallbackClient(settings(1))
                .post("start", webApp.url(), "1", body())
                .cancelRequested())
        .isTrue();
    webApp.answer(r -> new Answer(200, "{\"action\":\"continue\"}"));
    assertThat(
            new CallbackClient(settings(1))
                .post("start", webApp.url(), "1", body())
                .cancelRequested())
        .isFalse();
    webApp.answer(r -> new Answer(200, "not json"));
    assertThat(
            new CallbackClient(settings(1))
                .post("start", webApp.url(), "1", body())
                .cancelRequested())
        .isFalse();
  }

  @Test
  void secretNeverAppearsInLogsOrRecords() {
    AtomicInteger calls = new AtomicInteger();
    webApp.answer(r -> calls.incrementAndGet() == 1 ? new Answer(502, "") : new Answer(403, ""));

    var client = new CallbackClient(settings(3));
    var delivery = client.post("final", webApp.url(), "1", body());

    assertThat(logs.list).isNotEmpty();
    assertThat(logs.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(SECRET));
    assertThat(delivery.toString()).doesNotContain(SECRET);
    assertThat(client.settings().toString()).doesNotContain(SECRET).contains("secret=(set)");
  }

  @Test
  void noAuthorizationHeaderWithoutASecret() {
    new CallbackClient(settings(1).withSecret(null)).post("start", webApp.url(), "1", body());
    assertThat(webApp.received().get(0).authorization()).isNull();
  }

  @Test
  void backoffDoublesUpToTheCap() {
    var s =
        new CallbackSettings(
            Duration.ofSeconds(1), 9, Duration.ofMillis(100), Duration.ofMillis(350), null);
    assertThat(s.backoffBefore(2)).isEqualTo(Duration.ofMillis(100));
    assertThat(s.backoffBefore(3)).isEqualTo(Duration.ofMillis(200));
    assertThat(s.backoffBefore(4)).isEqualTo(Duration.ofMillis(350));
    assertThat(s.backoffBefore(9)).isEqualTo(Duration.ofMillis(350));
  }

  private static final String SIGNING_KEY = "signing-key-never-logged";

  /** A clock that moves {@code step} forward each time it is read. */
  private static Clock stepping(Instant start, Duration step) {
    AtomicLong reads = new AtomicLong();
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return start.plus(step.multipliedBy(reads.getAndIncrement()));
      }
    };
  }

  @Test
  void signedCallbackCarriesATimestampAndASignatureOverTheExactBodyBytes() {
    long before = Instant.now().getEpochSecond();
    var delivery =
        new CallbackClient(settings(1).withSigningKey(SIGNING_KEY))
            .post("start", webApp.url(), "1", body());
    long after = Instant.now().getEpochSecond();

    assertThat(delivery.delivered()).isTrue();
    var received = webApp.received().get(0);
    String timestamp = received.header(CallbackSignature.TIMESTAMP_HEADER);
    String signature = received.header(CallbackSignature.SIGNATURE_HEADER);
    assertThat(Long.parseLong(timestamp)).isBetween(before, after);
    assertThat(signature).matches("v1=[0-9a-f]{64}");
    assertThat(signature)
        .isEqualTo(
            CallbackSignature.sign(SIGNING_KEY, Long.parseLong(timestamp), received.rawBody()));
    assertThat(
            CallbackSignature.verify(
                SIGNING_KEY,
                timestamp,
                signature,
                received.rawBody(),
                CallbackSignature.DEFAULT_TOLERANCE,
                Clock.systemUTC()))
        .isTrue();
    assertThat(received.authorization()).isEqualTo("Bearer " + SECRET);
  }

  @Test
  void everyRetryIsSignedAfreshWithItsOwnTimestamp() {
    AtomicInteger calls = new AtomicInteger();
    webApp.answer(r -> calls.incrementAndGet() <= 2 ? new Answer(503, "") : Answer.ok());
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    var client =
        new CallbackClient(
            settings(3).withSigningKey(SIGNING_KEY), stepping(start, Duration.ofSeconds(7)));

    assertThat(client.post("final", webApp.url(), "1", body()).delivered()).isTrue();

    var received = webApp.received();
    assertThat(received)
        .extracting(r -> r.header(CallbackSignature.TIMESTAMP_HEADER))
        .containsExactly(
            String.valueOf(start.getEpochSecond()),
            String.valueOf(start.getEpochSecond() + 7),
            String.valueOf(start.getEpochSecond() + 14));
    assertThat(received)
        .allSatisfy(
            r -> {
              long ts = Long.parseLong(r.header(CallbackSignature.TIMESTAMP_HEADER));
              assertThat(
                      CallbackSignature.verify(
                          SIGNING_KEY,
                          r.header(CallbackSignature.TIMESTAMP_HEADER),
                          r.header(CallbackSignature.SIGNATURE_HEADER),
                          r.rawBody(),
                          Duration.ofMinutes(5),
                          Clock.fixed(Instant.ofEpochSecond(ts), ZoneOffset.UTC)))
                  .isTrue();
            });
    assertThat(received.get(0).header(CallbackSignature.SIGNATURE_HEADER))
        .isNotEqualTo(received.get(1).header(CallbackSignature.SIGNATURE_HEADER));
  }

  @Test
  void signedCallbacksCarryTheStandardWebhooksHeadersThatVerify() {
    CallbackEvent event = CallbackEvent.of("final", "run-1", "req 1", webApp.url(), body());
    var delivery =
        new CallbackClient(settings(1).withSigningKey(SIGNING_KEY))
            .deliver(event, CallbackClient.DURABLE);

    assertThat(delivery.delivered()).isTrue();
    var received = webApp.received().get(0);
    assertThat(received.header(WebhookSignature.ID_HEADER)).isEqualTo(event.eventId());
    String timestamp = received.header(WebhookSignature.TIMESTAMP_HEADER);
    String signature = received.header(WebhookSignature.SIGNATURE_HEADER);
    assertThat(signature).startsWith("v1,");
    assertThat(
            WebhookSignature.verify(
                SIGNING_KEY,
                received.header(WebhookSignature.ID_HEADER),
                timestamp,
                signature,
                received.rawBody(),
                Duration.ofMinutes(5),
                Clock.systemUTC()))
        .isTrue();
    assertThat(
            WebhookSignature.verify(
                "another-key",
                event.eventId(),
                timestamp,
                signature,
                received.rawBody(),
                Duration.ofMinutes(5),
                Clock.systemUTC()))
        .isFalse();
    assertThat(received.body().path("delivery").asText()).isEqualTo("durable");
    assertThat(received.header(CallbackSignature.SIGNATURE_HEADER))
        .as("the older header is kept for compatibility")
        .matches("v1=[0-9a-f]{64}");
  }

  @Test
  void theEventIdIsStableForARunAndEventAndDiffersBetweenThem() {
    assertThat(CallbackEvent.idFor("run-1", "final"))
        .isEqualTo(CallbackEvent.idFor("run-1", "final"))
        .isNotEqualTo(CallbackEvent.idFor("run-1", "start"))
        .isNotEqualTo(CallbackEvent.idFor("run-2", "final"));
  }

  @Test
  void unsignedWithoutASigningKey() {
    new CallbackClient(settings(1)).post("start", webApp.url(), "1", body());
    var received = webApp.received().get(0);
    assertThat(received.header(CallbackSignature.TIMESTAMP_HEADER)).isNull();
    assertThat(received.header(CallbackSignature.SIGNATURE_HEADER)).isNull();
    assertThat(received.header(WebhookSignature.SIGNATURE_HEADER)).isNull();
    assertThat(received.header(WebhookSignature.ID_HEADER)).as("always sent").isNotBlank();
    assertThat(received.header(WebhookSignature.TIMESTAMP_HEADER)).isNotBlank();
  }

  @Test
  void theSigningKeyNeverAppearsInLogsOrRecords() {
    webApp.answer(r -> new Answer(500, ""));
    var client = new CallbackClient(settings(2).withSigningKey(SIGNING_KEY));
    var delivery = client.post("final", webApp.url(), "1", body());

    assertThat(logs.list).isNotEmpty();
    assertThat(logs.list)
        .noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(SIGNING_KEY));
    assertThat(delivery.toString()).doesNotContain(SIGNING_KEY);
    assertThat(client.settings().toString()).doesNotContain(SIGNING_KEY);
  }

  @Test
  void aHostOutsideTheAllowListIsNeverContacted() {
    var client =
        new CallbackClient(settings(3).withAllowedHosts(Set.of("web.example.org", ".example.net")));

    var delivery = client.post("start", webApp.url(), "1", body());

    assertThat(delivery.status()).isEqualTo(CallbackDelivery.Status.FAILED);
    assertThat(delivery.attempts()).isZero();
    assertThat(delivery.httpStatus()).isNull();
    assertThat(delivery.detail())
        .isEqualTo(
            "callback host 127.0.0.1:"
                + java.net.URI.create(webApp.url()).getPort()
                + " is not allowed (callbacks.allowed-hosts)");
    assertThat(webApp.received()).isEmpty();
    assertThat(logs.list)
        .anySatisfy(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.WARN);
              assertThat(e.getFormattedMessage()).contains("is not allowed");
            });
  }

  @Test
  void aHostOnTheAllowListIsContacted() {
    var client =
        new CallbackClient(settings(1).withAllowedHosts(Set.of("web.example.org", "127.0.0.1:*")));

    assertThat(client.post("start", webApp.url(), "1", body()).delivered()).isTrue();
    assertThat(webApp.received()).hasSize(1);
  }

  @Test
  void anAllowedHostOnAPortTheListDoesNotAllowIsNeverContacted() {
    int port = java.net.URI.create(webApp.url()).getPort();
    for (String entry : new String[] {"127.0.0.1", "127.0.0.1:" + (port == 1 ? 2 : port - 1)}) {
      var client = new CallbackClient(settings(3).withAllowedHosts(Set.of(entry)));

      var delivery = client.post("start", webApp.url(), "1", body());

      assertThat(delivery.status()).as(entry).isEqualTo(CallbackDelivery.Status.FAILED);
      assertThat(delivery.attempts()).as(entry).isZero();
      assertThat(delivery.detail())
          .as(entry)
          .isEqualTo(
              "callback host 127.0.0.1:" + port + " is not allowed (callbacks.allowed-hosts)");
    }
    var exact = new CallbackClient(settings(1).withAllowedHosts(Set.of("127.0.0.1:" + port)));
    assertThat(exact.post("start", webApp.url(), "1", body()).delivered()).isTrue();
    assertThat(webApp.received()).hasSize(1);
  }

  @Test
  void aCallbackUrlWithAQueryOrFragmentIsNeverContacted() {
    for (String url : new String[] {webApp.url() + "/q?x=", webApp.url() + "/#f"}) {
      var delivery = new CallbackClient(settings(3)).post("start", url, "1", body());

      assertThat(delivery.status()).as(url).isEqualTo(CallbackDelivery.Status.FAILED);
      assertThat(delivery.attempts()).as(url).isZero();
      assertThat(delivery.detail()).as(url).startsWith("the callbackURL is not a valid URL: ");
    }
    assertThat(webApp.received()).isEmpty();
  }
}
