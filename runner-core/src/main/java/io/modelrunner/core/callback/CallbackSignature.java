package io.modelrunner.core.callback;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apiguardian.api.API;

/**
 * The signature of a callback, so that the web application can tell that a callback comes from a
 * runner that holds the signing key, and was sent recently ({@code docs/callbacks.md}).
 *
 * <p>Every attempt of a signed callback carries two headers:
 *
 * <ul>
 *   <li>{@value #TIMESTAMP_HEADER}: the attempt's time, in whole seconds since the Unix epoch;
 *   <li>{@value #SIGNATURE_HEADER}: {@code v1=} followed by the lower-case hex HMAC-SHA256, keyed
 *       with the UTF-8 bytes of the signing key, of the ASCII timestamp, a {@code .}, and the exact
 *       bytes of the request body.
 * </ul>
 *
 * <p>A receiver recomputes the signature over the body bytes it received (before parsing them),
 * compares it in constant time, and rejects a timestamp further than a tolerance (e.g. 5 minutes)
 * from its own clock, which bounds how long a captured callback can be replayed. Stateless and
 * thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class CallbackSignature {
  /** The header holding the attempt's Unix time in seconds. */
  public static final String TIMESTAMP_HEADER = "X-Model-Runner-Timestamp";

  /** The header holding {@code v1=<hex HMAC-SHA256>}. */
  public static final String SIGNATURE_HEADER = "X-Model-Runner-Signature";

  /** The prefix of the signature scheme this class makes and checks. */
  public static final String SCHEME = "v1=";

  /** A replay tolerance that suits most receivers. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String HMAC = "HmacSHA256";

  private CallbackSignature() {}

  /**
   * The value of {@value #SIGNATURE_HEADER} for {@code body} sent at {@code timestamp}: {@code v1=}
   * and 64 lower-case hex digits.
   *
   * @param key the signing key (not blank)
   * @param timestamp the value of {@value #TIMESTAMP_HEADER}, in seconds since the Unix epoch
   * @param body the exact body bytes
   */
  public static String sign(String key, long timestamp, byte[] body) {
    Objects.requireNonNull(body, "body");
    Mac mac = mac(key);
    mac.update(Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII));
    mac.update((byte) '.');
    mac.update(body);
    return SCHEME + HexFormat.of().formatHex(mac.doFinal());
  }

  /**
   * Whether a received callback is signed with {@code key} and its timestamp is within {@code
   * tolerance} of {@code clock} (before or after). False, never an exception, when a header is
   * missing (null) or malformed. The signature is compared in constant time.
   *
   * @param timestampHeader the received {@value #TIMESTAMP_HEADER}
   * @param signatureHeader the received {@value #SIGNATURE_HEADER}
   * @param body the exact body bytes received
   */
  public static boolean verify(
      String key,
      String timestampHeader,
      String signatureHeader,
      byte[] body,
      Duration tolerance,
      Clock clock) {
    Objects.requireNonNull(tolerance, "tolerance");
    Objects.requireNonNull(clock, "clock");
    if (timestampHeader == null || signatureHeader == null || body == null) {
      return false;
    }
    String ts = timestampHeader.strip();
    if (ts.isEmpty() || ts.length() > 19 || !ts.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(ts);
    } catch (NumberFormatException e) {
      return false;
    }
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - timestamp) > tolerance.toSeconds()) {
      return false;
    }
    byte[] expected = sign(key, timestamp, body).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signatureHeader.strip().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  private static Mac mac(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isBlank()) {
      throw new IllegalArgumentException("the signing key must not be blank");
    }
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), HMAC));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("the JDK cannot compute " + HMAC, e);
    }
  }
}
