package io.modelrunner.core.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
  private static final Clock AT = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);

  @Test
  void signsIdTimestampAndBodyAsStandardWebhooksDoes() throws Exception {
    // Independently computed: HMAC-SHA256(key, "<id>.<ts>.<body>"), Base64, prefixed "v1,".
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("plain-key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        "v1,"
            + Base64.getEncoder()
                .encodeToString(
                    mac.doFinal("msg_1.1700000000.{\"a\":1}".getBytes(StandardCharsets.UTF_8)));

    assertThat(WebhookSignature.sign("plain-key", "msg_1", 1_700_000_000L, BODY))
        .isEqualTo(expected);
  }

  @Test
  void theExampleOfDocsCallbacksMd() {
    assertThat(
            WebhookSignature.sign(
                "k3y-for-tests",
                "msg_0123456789abcdef0123456789abcdef",
                1_700_000_000L,
                "{\"modelSlug\":\"seir\",\"status\":\"complete\"}"
                    .getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("v1,QFBhg4Su5gZYF721/wsxMb+S5lPmgA0svSZ9v078Rbo=");
  }

  @Test
  void aWhsecKeyIsUsedAsTheBytesItsBase64Encodes() throws Exception {
    byte[] secret = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    String key = "whsec_" + Base64.getEncoder().encodeToString(secret);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    String expected =
        "v1,"
            + Base64.getEncoder()
                .encodeToString(
                    mac.doFinal("msg_1.1700000000.{\"a\":1}".getBytes(StandardCharsets.UTF_8)));

    assertThat(WebhookSignature.sign(key, "msg_1", 1_700_000_000L, BODY)).isEqualTo(expected);
  }

  @Test
  void verifiesOneOfSeveralSignaturesAndRefusesTamperingAndStaleTimestamps() {
    String good = WebhookSignature.sign("k", "msg_1", 1_700_000_000L, BODY);
    Duration tolerance = Duration.ofMinutes(5);

    assertThat(WebhookSignature.verify("k", "msg_1", "1700000000", good, BODY, tolerance, AT))
        .isTrue();
    assertThat(
            WebhookSignature.verify(
                "k", "msg_1", "1700000000", "v1,bm90LWl0 " + good, BODY, tolerance, AT))
        .as("a header may list several signatures (key rotation)")
        .isTrue();
    assertThat(WebhookSignature.verify("k", "msg_2", "1700000000", good, BODY, tolerance, AT))
        .as("another id")
        .isFalse();
    assertThat(
            WebhookSignature.verify(
                "k",
                "msg_1",
                "1700000000",
                good,
                "{\"a\":2}".getBytes(StandardCharsets.UTF_8),
                tolerance,
                AT))
        .as("another body")
        .isFalse();
    assertThat(WebhookSignature.verify("k", "msg_1", "1699999000", good, BODY, tolerance, AT))
        .as("outside the tolerance")
        .isFalse();
    assertThat(WebhookSignature.verify("k", "msg_1", "abc", good, BODY, tolerance, AT)).isFalse();
    assertThat(WebhookSignature.verify("k", null, "1700000000", good, BODY, tolerance, AT))
        .isFalse();
  }
}
