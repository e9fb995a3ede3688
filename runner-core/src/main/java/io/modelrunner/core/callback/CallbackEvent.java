package io.modelrunner.core.callback;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.core.internal.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One callback to the web application: the {@code start} or the {@code final} event of one run.
 *
 * <p>Its {@link #eventId()} is stable: the same run's same event always has the same id ({@link
 * #idFor}), so that every attempt — also after a runner restart — carries it in {@value
 * WebhookSignature#ID_HEADER}, and a receiver can de-duplicate by it. {@link #bodyBytes} are the
 * exact bytes sent on every attempt.
 *
 * @param eventId {@code msg_} and 32 hex digits, derived from the run id and the event
 * @param event {@code start} or {@code final}
 * @param runId the run this event reports on
 * @param requestId the run request's id (the last path segment of the callback URL)
 * @param callbackURL the request's {@code callbackURL}; null when it has none (nothing is sent)
 * @param body the JSON body without the fields {@link #bodyBytes} adds; null when nothing is sent
 * @param skipReason why this event is not sent although it is recorded (e.g. the request was
 *     invalid); null when it is sent whenever there is a {@code callbackURL}
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record CallbackEvent(
    String eventId,
    String event,
    String runId,
    String requestId,
    String callbackURL,
    ObjectNode body,
    String skipReason) {
  public static final String START = "start";
  public static final String FINAL = "final";

  private static final ObjectMapper MAPPER = JsonMappers.standard();

  public CallbackEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(requestId, "requestId");
  }

  /** The event {@code event} of run {@code runId}, with its stable id. */
  public static CallbackEvent of(
      String event, String runId, String requestId, String callbackURL, ObjectNode body) {
    return new CallbackEvent(idFor(runId, event), event, runId, requestId, callbackURL, body, null);
  }

  /** An event that is recorded but never sent, saying why. */
  public CallbackEvent skipped(String why) {
    return new CallbackEvent(eventId, event, runId, requestId, callbackURL, body, why);
  }

  /**
   * The stable id of event {@code event} of run {@code runId}: {@code msg_} and the first 16 bytes
   * of SHA-256 over both, in hex. Run ids are unique, so ids are unique across runs.
   */
  public static String idFor(String runId, String event) {
    byte[] digest =
        Hashing.sha256().digest((runId + "\n" + event).getBytes(StandardCharsets.UTF_8));
    return "msg_" + Hashing.hex(java.util.Arrays.copyOf(digest, 16));
  }

  /** Whether this event is to be sent at all: it has a callback URL and no skip reason. */
  public boolean sendable() {
    return callbackURL != null && skipReason == null && body != null;
  }

  /** Why it is not sent (only meaningful when not {@link #sendable()}). */
  public String notSentReason() {
    if (skipReason != null) {
      return skipReason;
    }
    return "the request has no callbackURL";
  }

  /**
   * The exact body sent on every attempt: {@link #body()} plus {@code eventId} and {@code delivery}
   * ({@code durable} from a service that keeps the event in its database until it is delivered,
   * {@code best-effort} from the command line, which retries only while it runs).
   */
  public byte[] bodyBytes(String delivery) {
    ObjectNode copy = body == null ? MAPPER.createObjectNode() : body.deepCopy();
    copy.put("eventId", eventId);
    copy.put("delivery", delivery);
    try {
      return MAPPER.writeValueAsBytes(copy);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a callback body", e);
    }
  }
}
