package io.modelrunner.core.callback;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apiguardian.api.API;

/**
 * Callback signatures in the <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>
 * form, so that any of its receiver libraries can verify them (docs/callbacks.md):
 *
 * <ul>
 *   <li>{@value #ID_HEADER}: the event's stable id ({@link CallbackEvent#eventId()}), the same on
 *       every attempt: the key to de-duplicate by;
 *   <li>{@value #TIMESTAMP_HEADER}: the attempt's time, in whole seconds since the Unix epoch;
 *   <li>{@value #SIGNATURE_HEADER}: {@code v1,} and the Base64 HMAC-SHA256 of {@code
 *       <id>.<timestamp>.<body>} — sent only when a signing key is configured.
 * </ul>
 *
 * <p>The key: a signing key of the form {@code whsec_<base64>} (what Standard Webhooks libraries
 * generate) is used as the bytes its Base64 part decodes to; any other signing key as its UTF-8
 * bytes. Stateless and thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class WebhookSignature {
  public static final String ID_HEADER = "webhook-id";
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";
  public static final String SIGNATURE_HEADER = "webhook-signature";

  private static final String PREFIX = "whsec_";
  private static final String HMAC = "HmacSHA256";

  private WebhookSignature() {}

  /** The value of {@value #SIGNATURE_HEADER}: {@code v1,} and the Base64 HMAC-SHA256. */
  public static String sign(String key, String id, long timestamp, byte[] body) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(body, "body");
    Mac mac = mac(key);
    mac.update(id.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) '.');
    mac.update(Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII));
    mac.update((byte) '.');
    mac.update(body);
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
  }

  /**
   * Whether a received callback is signed with {@code key}: one of the space-separated signatures
   * in {@code signatureHeader} matches (compared in constant time) and the timestamp is within
   * {@code tolerance} of {@code clock}. False, never an exception, for a missing or malformed
   * header.
   */
  public static boolean verify(
      String key,
      String idHeader,
      String timestampHeader,
      String signatureHeader,
      byte[] body,
      Duration tolerance,
      Clock clock) {
    if (idHeader == null || timestampHeader == null || signatureHeader == null || body == null) {
      return false;
    }
    String ts = timestampHeader.strip();
    if (ts.isEmpty() || ts.length() > 19 || !ts.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    long timestamp = Long.parseLong(ts);
    if (Math.abs(clock.instant().getEpochSecond() - timestamp) > tolerance.toSeconds()) {
      return false;
    }
    byte[] expected = sign(key, idHeader, timestamp, body).getBytes(StandardCharsets.US_ASCII);
    boolean match = false;
    for (String candidate : signatureHeader.strip().split(" +")) {
      match |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII));
    }
    return match;
  }

  /** The HMAC key bytes of a signing key (see the class comment). */
  static byte[] keyBytes(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isBlank()) {
      throw new IllegalArgumentException("the signing key must not be blank");
    }
    if (key.startsWith(PREFIX)) {
      try {
        return Base64.getDecoder().decode(key.substring(PREFIX.length()));
      } catch (IllegalArgumentException e) {
        // not Base64 after all: the whole key is the secret
      }
    }
    return key.getBytes(StandardCharsets.UTF_8);
  }

  private static Mac mac(String key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(keyBytes(key), HMAC));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("the JDK cannot compute " + HMAC, e);
    }
  }
}
