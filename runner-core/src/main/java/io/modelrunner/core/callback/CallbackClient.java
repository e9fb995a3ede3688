package io.modelrunner.core.callback;

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
 * CallbackSettings#allowedHosts() allowed hosts}, a callback to any other host or port is never
 * attempted.
 *
 * <p>The outcome is always returned as a {@link CallbackDelivery} (never thrown) and a final
 * failure is logged at WARN. Neither the secret nor the signing key is ever logged. Thread-safe.
 */
public final class CallbackClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CallbackClient.class);
  private static final int MAX_REPLY_BYTES = 64 * 1024;

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
   * Posts {@code body}, retrying as configured. Returns when delivered or when every attempt has
   * failed; an interrupt stops the retries and is re-asserted. A callback to a host and port that
   * the {@linkplain CallbackSettings#allowedHosts() allowed hosts} do not list is {@link
   * CallbackDelivery.Status#FAILED} at once, with 0 attempts and the detail {@code callback host
   * <host>[:<port>] is not allowed (callbacks.allowed-hosts)}.
   *
   * @param event {@code start} or {@code final}, for logs and the delivery record
   */
  public CallbackDelivery post(
      String event, String callbackURL, String requestId, ObjectNode body) {
    URI uri;
    try {
      uri = endpoint(callbackURL, requestId);
    } catch (IllegalArgumentException e) {
      String detail = "the callbackURL is not a valid URL: " + e.getMessage();
      LOG.warn("{} callback not sent: {}", event, detail);
      return new CallbackDelivery(event, CallbackDelivery.Status.FAILED, 0, null, detail, false);
    }
    if (!CallbackSettings.hostAllowed(settings.allowedHosts(), uri)) {
      String detail =
          "callback host "
              + (uri.getHost() == null ? "(none)" : uri.getHost())
              + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
              + " is not allowed (callbacks.allowed-hosts)";
      LOG.warn("{} callback to {} not sent: {}", event, uri, detail);
      return new CallbackDelivery(event, CallbackDelivery.Status.FAILED, 0, null, detail, false);
    }
    byte[] json;
    try {
      json = mapper.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a callback body", e);
    }
    Integer lastStatus = null;
    String lastError = "";
    int attempt = 0;
    while (attempt < settings.maxAttempts()) {
      attempt++;
      if (attempt > 1 && !sleep(settings.backoffBefore(attempt))) {
        lastError += "; interrupted before attempt " + attempt;
        break;
      }
      try {
        HttpResponse<byte[]> response =
            http.send(request(uri, json), HttpResponse.BodyHandlers.ofByteArray());
        lastStatus = response.statusCode();
        if (lastStatus >= 200 && lastStatus < 300) {
          boolean cancel = isCancel(response.body());
          LOG.debug("{} callback to {} delivered: HTTP {}", event, uri, lastStatus);
          return new CallbackDelivery(
              event, CallbackDelivery.Status.DELIVERED, attempt, lastStatus, "", cancel);
        }
        lastError = "HTTP " + lastStatus;
        if (!retryable(lastStatus)) {
          break;
        }
        LOG.info("{} callback to {}: HTTP {} (attempt {})", event, uri, lastStatus, attempt);
      } catch (IOException e) {
        lastStatus = null;
        lastError =
            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        LOG.info("{} callback to {}: {} (attempt {})", event, uri, lastError, attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        lastError = "interrupted";
        break;
      }
    }
    String detail = "not delivered after " + attempt + " attempt(s): " + lastError;
    LOG.warn("{} callback to {} failed: {}", event, uri, detail);
    return new CallbackDelivery(
        event, CallbackDelivery.Status.FAILED, attempt, lastStatus, detail, false);
  }

  private HttpRequest request(URI uri, byte[] json) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(settings.timeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    if (settings.secret() != null) {
      builder.header("Authorization", "Bearer " + settings.secret());
    }
    if (settings.signingKey() != null) {
      long timestamp = clock.instant().getEpochSecond();
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
