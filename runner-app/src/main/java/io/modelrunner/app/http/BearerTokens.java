package io.modelrunner.app.http;

import io.modelrunner.core.internal.Hashing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * One expected bearer token, compared in constant time: both sides are hashed with SHA-256 first,
 * so neither the content nor the length of the expected token leaks through timing. The token is
 * never part of {@link #toString()}.
 */
public final class BearerTokens {
  private final byte[] expectedDigest;

  public BearerTokens(String expected) {
    Objects.requireNonNull(expected, "expected");
    if (expected.isBlank()) {
      throw new IllegalArgumentException("a bearer token must not be blank");
    }
    this.expectedDigest = sha256(expected);
  }

  /** Whether {@code authorization} (the whole header value) is {@code Bearer <the token>}. */
  public boolean matches(String authorization) {
    if (authorization == null || authorization.length() < 7) {
      return false;
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(expectedDigest, sha256(authorization.substring(7).trim()));
  }

  private static byte[] sha256(String text) {
    return Hashing.sha256().digest(text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "BearerTokens[(set)]";
  }
}
