package io.modelrunner.core.callback;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.api.json.JsonMappers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Objects;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers callbacks to the web application: {@code POST {callbackURL}/api/simulations/{id}} with a
 * JSON body and {@code Authorization: Bearer <secret>}. Each attempt has a timeout; network errors,
 * 408, 429 and 5xx are retried with exponential backoff up to {@link
 * CallbackSettings#maxAttempts()}; other statuses fail at once. Redirects are never followed.
 *
 * <p>With a {@linkplain CallbackSettings#signingKey() signing key}, every attempt is signed afresh
 * ({@link CallbackSignature}: the attempt's own timestamp). With {@linkplain
 * CallbackSettings#allowedHosts() allowed hosts}, a callback to any other host is never attempted.
 *
 * <p>The outcome is always returned as a {@link CallbackDelivery} (never thrown) and a final
 * failure is logged at WARN. Neither the secret nor the signing key is ever logged. Thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class CallbackClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CallbackClient.class);
  private static final int MAX_REPLY_BYTES = 64 * 1024;

  /** The body's {@code delivery} field when the sender retries only while it runs (the CLI). */
  public static final String BEST_EFFORT = "best-effort";

  /** The body's {@code delivery} field when the sender keeps the event until it is delivered. */
  public static final String DURABLE = "durable";

  private final CallbackSettings settings;
  private final Clock clock;
  private final HttpClient http;
  private final ObjectMapper mapper = JsonMappers.standard();

  public CallbackClient(CallbackSettings settings) {
    this(settings, Clock.systemUTC());
  }

  /**
   * @param clock gives the signature timestamps
   */
  public CallbackClient(CallbackSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public CallbackSettings settings() {
    return settings;
  }

  /**
   * {@code {callbackURL}/api/simulations/{id}}, the id percent-encoded as one path segment ({@link
   * CallbackUrls#endpoint}).
   *
   * @throws IllegalArgumentException when {@code callbackURL} is not a valid callback URL
   */
  public static URI endpoint(String callbackURL, String requestId) {
    return CallbackUrls.endpoint(callbackURL, requestId);
  }

  /**
   * Posts {@code body} as a new event of a run whose id is not known (a random event id), retrying
   * as configured; see {@link #deliver}.
   *
   * @param event {@code start} or {@code final}, for logs and the delivery record
   */
  public CallbackDelivery post(
      String event, String callbackURL, String requestId, ObjectNode body) {
    return deliver(
        CallbackEvent.of(
            event, "adhoc-" + java.util.UUID.randomUUID(), requestId, callbackURL, body),
        BEST_EFFORT);
  }

  /**
   * Delivers {@code event}, retrying as configured. Returns when delivered or when every attempt
   * has failed; an interrupt stops the retries and is re-asserted. An event that is not {@linkplain
   * CallbackEvent#sendable() sendable} is {@link CallbackDelivery.Status#NOT_SENT}. A callback to a
   * host and port that the {@linkplain CallbackSettings#allowedHosts() allowed hosts} do not list
   * is {@link CallbackDelivery.Status#FAILED} at once, with 0 attempts and the detail {@code
   * callback host <host>[:<port>] is not allowed (callbacks.allowed-hosts)}.
   *
   * @param delivery the body's {@code delivery} field: {@link #BEST_EFFORT} or {@link #DURABLE}
   */
  public CallbackDelivery deliver(CallbackEvent event, String delivery) {
    if (!event.sendable()) {
      return CallbackDelivery.notSent(event.event(), event.notSentReason())
          .withEventId(event.eventId());
    }
    byte[] json = event.bodyBytes(delivery);
    CallbackAttempt last = null;
    int attempt = 0;
    String interrupted = "";
    while (attempt < settings.maxAttempts()) {
      if (attempt > 0 && !sleep(settings.backoffBefore(attempt + 1))) {
        interrupted = "; interrupted before attempt " + (attempt + 1);
        break;
      }
      last = attempt(event, json);
      if (last.refused()) {
        return failed(event, 0, null, last.detail());
      }
      attempt++;
      if (last.delivered()) {
        return new CallbackDelivery(
            event.event(),
            CallbackDelivery.Status.DELIVERED,
            attempt,
            last.httpStatus(),
            "",
            last.cancelRequested(),
            event.eventId());
      }
      if (!last.retryable() || Thread.currentThread().isInterrupted()) {
        break;
      }
    }
    String detail =
        "not delivered after "
            + attempt
            + " attempt(s): "
            + (last == null ? "no attempt" : last.detail())
            + interrupted;
    LOG.warn(
        "{} callback {} of run {} failed: {}",
        event.event(),
        event.eventId(),
        event.runId(),
        detail);
    return failed(event, attempt, last == null ? null : last.httpStatus(), detail);
  }

  private static CallbackDelivery failed(
      CallbackEvent event, int attempts, Integer status, String detail) {
    return new CallbackDelivery(
        event.event(),
        CallbackDelivery.Status.FAILED,
        attempts,
        status,
        detail,
        false,
        event.eventId());
  }

  /**
   * Makes one HTTP attempt of {@code event} with {@code body} (its exact bytes, the same on every
   * attempt). Never throws; an interrupt is re-asserted and reported as a retryable failure. A URL
   * that is not valid, or whose host is not allowed, is refused without a request (not retryable,
   * no status).
   */
  public CallbackAttempt attempt(CallbackEvent event, byte[] body) {
    URI uri;
    try {
      uri = endpoint(event.callbackURL(), event.requestId());
    } catch (IllegalArgumentException | NullPointerException e) {
      String detail = "the callbackURL is not a valid URL: " + e.getMessage();
      LOG.warn("{} callback not sent: {}", event.event(), detail);
      return CallbackAttempt.refused(detail);
    }
    if (!CallbackSettings.hostAllowed(settings.allowedHosts(), uri)) {
      String detail =
          "callback host "
              + (uri.getHost() == null ? "(none)" : uri.getHost())
              + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
              + " is not allowed (callbacks.allowed-hosts)";
      LOG.warn("{} callback to {} not sent: {}", event.event(), uri, detail);
      return CallbackAttempt.refused(detail);
    }
    try {
      HttpResponse<byte[]> response =
          http.send(request(uri, event.eventId(), body), HttpResponse.BodyHandlers.ofByteArray());
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        LOG.debug("{} callback to {} delivered: HTTP {}", event.event(), uri, status);
        return new CallbackAttempt(true, status, false, "", isCancel(response.body()));
      }
      LOG.info("{} callback to {}: HTTP {}", event.event(), uri, status);
      return new CallbackAttempt(false, status, retryable(status), "HTTP " + status, false);
    } catch (IOException e) {
      String detail =
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      LOG.info("{} callback to {}: {}", event.event(), uri, detail);
      return new CallbackAttempt(false, null, true, detail, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CallbackAttempt(false, null, true, "interrupted", false);
    }
  }

  private HttpRequest request(URI uri, String eventId, byte[] json) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(settings.timeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    if (settings.secret() != null) {
      builder.header("Authorization", "Bearer " + settings.secret());
    }
    long timestamp = clock.instant().getEpochSecond();
    builder.header(WebhookSignature.ID_HEADER, eventId);
    builder.header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
    if (settings.signingKey() != null) {
      builder.header(
          WebhookSignature.SIGNATURE_HEADER,
          WebhookSignature.sign(settings.signingKey(), eventId, timestamp, json));
      builder.header(CallbackSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
      builder.header(
          CallbackSignature.SIGNATURE_HEADER,
          CallbackSignature.sign(settings.signingKey(), timestamp, json));
    }
    return builder.build();
  }

  private boolean isCancel(byte[] body) {
    if (body == null || body.length == 0 || body.length > MAX_REPLY_BYTES) {
      return false;
    }
    try {
      JsonNode reply = mapper.readTree(body);
      return reply != null
          && reply.isObject()
          && "cancel".equals(reply.path("action").asText(null));
    } catch (IOException e) {
      return false; // a reply that is not JSON is an ordinary acknowledgement
    }
  }

  private static boolean retryable(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  private static boolean sleep(java.time.Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    // java.net.http.HttpClient is closeable only from Java 21; its threads are daemons.
  }
}
