package io.modelrunner.core.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CallbackSignatureTest {
  private static final String KEY = "k3y-for-tests";
  private static final long TS = 1_700_000_000L;
  private static final byte[] BODY =
      "{\"modelSlug\":\"seir\",\"status\":\"complete\"}".getBytes(StandardCharsets.UTF_8);

  /** Computed independently with Python's hmac module. */
  private static final String EXPECTED =
      "v1=e5fa9fadef76624310e27cf122ec71d9de84e18cf1cafb1689e26164e0b21351";

  private static Clock at(long epochSecond) {
    return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }

  private static boolean verify(String ts, String signature, byte[] body, long now) {
    return CallbackSignature.verify(KEY, ts, signature, body, Duration.ofMinutes(5), at(now));
  }

  @Test
  void signatureIsV1HexHmacSha256OfTimestampDotBody() {
    assertThat(CallbackSignature.sign(KEY, TS, BODY)).isEqualTo(EXPECTED);
  }

  @Test
  void verifyAcceptsTheSignatureWithinTheToleranceEitherSide() {
    assertThat(verify("1700000000", EXPECTED, BODY, TS)).isTrue();
    assertThat(verify("1700000000", EXPECTED, BODY, TS + 300)).isTrue();
    assertThat(verify("1700000000", EXPECTED, BODY, TS - 300)).isTrue();
  }

  @Test
  void verifyRejectsATimestampOutsideTheToleranceAsAReplay() {
    assertThat(verify("1700000000", EXPECTED, BODY, TS + 301)).isFalse();
    assertThat(verify("1700000000", EXPECTED, BODY, TS - 301)).isFalse();
  }

  @Test
  void verifyRejectsAChangedBodyTimestampOrKey() {
    byte[] changed = "{\"modelSlug\":\"seir\",\"status\":\"failed\"}".getBytes();
    assertThat(verify("1700000000", EXPECTED, changed, TS)).isFalse();
    assertThat(verify("1700000001", EXPECTED, BODY, TS)).isFalse();
    assertThat(
            CallbackSignature.verify(
                "another-key", "1700000000", EXPECTED, BODY, Duration.ofMinutes(5), at(TS)))
        .isFalse();
  }

  @Test
  void verifyRejectsMissingOrMalformedHeadersWithoutThrowing() {
    assertThat(verify(null, EXPECTED, BODY, TS)).isFalse();
    assertThat(verify("1700000000", null, BODY, TS)).isFalse();
    assertThat(verify("", EXPECTED, BODY, TS)).isFalse();
    assertThat(verify("17e8", EXPECTED, BODY, TS)).isFalse();
    assertThat(verify("-1700000000", EXPECTED, BODY, TS)).isFalse();
    assertThat(verify("99999999999999999999", EXPECTED, BODY, TS)).isFalse();
    assertThat(verify("1700000000", EXPECTED.substring(3), BODY, TS)).as("no v1=").isFalse();
    assertThat(verify("1700000000", EXPECTED.toUpperCase(), BODY, TS)).isFalse();
    assertThat(verify("1700000000", "v1=", BODY, TS)).isFalse();
  }

  @Test
  void surroundingWhitespaceOfTheHeadersIsIgnored() {
    assertThat(verify(" 1700000000 ", " " + EXPECTED + " ", BODY, TS)).isTrue();
  }

  @Test
  void aBlankKeyCannotSign() {
    assertThatThrownBy(() -> CallbackSignature.sign(" ", TS, BODY))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
