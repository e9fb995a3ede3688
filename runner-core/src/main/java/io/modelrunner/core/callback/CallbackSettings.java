package io.modelrunner.core.callback;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How callbacks are delivered.
 *
 * @param timeout how long one attempt may take (connect plus response)
 * @param maxAttempts attempts in all, at least 1; retried only on network errors, 408, 429 and 5xx
 * @param initialBackoff the wait before the second attempt; doubled before each further one
 * @param maxBackoff the longest wait between two attempts
 * @param secret the shared secret sent as {@code Authorization: Bearer <secret>}; null sends no
 *     {@code Authorization} header. Never logged, never part of {@link #toString()}.
 */
public record CallbackSettings(
    Duration timeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    String secret) {

  /** The environment variable the secret is read from, as the original runner named it. */
  public static final String SECRET_ENV = "API_SHARED_SECRET";

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

  public CallbackSettings {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("callback timeout must be positive: " + timeout);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("callback attempts must be at least 1: " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("callback backoff must not be negative");
    }
    if (secret != null && secret.isBlank()) {
      secret = null;
    }
  }

  /** The defaults, with the secret taken from {@code environment} ({@value #SECRET_ENV}). */
  public static CallbackSettings defaults(Map<String, String> environment) {
    return new CallbackSettings(
        DEFAULT_TIMEOUT,
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_INITIAL_BACKOFF,
        DEFAULT_MAX_BACKOFF,
        environment.get(SECRET_ENV));
  }

  public CallbackSettings withSecret(String value) {
    return new CallbackSettings(timeout, maxAttempts, initialBackoff, maxBackoff, value);
  }

  /** The wait before attempt {@code attempt} (2, 3, …): exponential, capped. */
  public Duration backoffBefore(int attempt) {
    Duration wait = initialBackoff;
    for (int i = 2; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  @Override
  public String toString() {
    return "CallbackSettings[timeout="
        + timeout
        + ", maxAttempts="
        + maxAttempts
        + ", initialBackoff="
        + initialBackoff
        + ", maxBackoff="
        + maxBackoff
        + ", secret="
        + (secret == null ? "none" : "(set)")
        + "]";
  }
}
