package io.modelrunner.core.callback;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How callbacks are delivered.
 *
 * @param timeout how long one attempt may take (connect plus response)
 * @param maxAttempts attempts in all, at least 1; retried only on network errors, 408, 429 and 5xx
 * @param initialBackoff the wait before the second attempt; doubled before each further one
 * @param maxBackoff the longest wait between two attempts
 * @param secret the shared secret sent as {@code Authorization: Bearer <secret>}; null sends no
 *     {@code Authorization} header. Never logged, never part of {@link #toString()}.
 * @param signingKey the key that signs every attempt ({@link CallbackSignature}: headers {@value
 *     CallbackSignature#TIMESTAMP_HEADER} and {@value CallbackSignature#SIGNATURE_HEADER}); null
 *     (or blank) sends unsigned callbacks. Never logged, never part of {@link #toString()}.
 * @param allowedHosts the only hosts callbacks may be sent to (see {@link #hostAllowed}): entries
 *     are compared case-insensitively; one starting with {@code .} allows every subdomain of what
 *     follows (not that domain itself). Empty allows any host. Kept lower-case and sorted.
 */
public record CallbackSettings(
    Duration timeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    String secret,
    String signingKey,
    Set<String> allowedHosts) {

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
    if (signingKey != null && signingKey.isBlank()) {
      signingKey = null;
    }
    allowedHosts = normalizedHosts(allowedHosts);
  }

  /** Unsigned callbacks to any host. */
  public CallbackSettings(
      Duration timeout,
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      String secret) {
    this(timeout, maxAttempts, initialBackoff, maxBackoff, secret, null, Set.of());
  }

  /**
   * The defaults (unsigned, any host), with the secret taken from {@code environment} ({@value
   * #SECRET_ENV}).
   */
  public static CallbackSettings defaults(Map<String, String> environment) {
    return new CallbackSettings(
        DEFAULT_TIMEOUT,
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_INITIAL_BACKOFF,
        DEFAULT_MAX_BACKOFF,
        environment.get(SECRET_ENV));
  }

  public CallbackSettings withSecret(String value) {
    return new CallbackSettings(
        timeout, maxAttempts, initialBackoff, maxBackoff, value, signingKey, allowedHosts);
  }

  /** These settings signing every attempt with {@code value} (null or blank: unsigned). */
  public CallbackSettings withSigningKey(String value) {
    return new CallbackSettings(
        timeout, maxAttempts, initialBackoff, maxBackoff, secret, value, allowedHosts);
  }

  /** These settings sending callbacks only to {@code value} (empty: any host). */
  public CallbackSettings withAllowedHosts(Set<String> value) {
    return new CallbackSettings(
        timeout, maxAttempts, initialBackoff, maxBackoff, secret, signingKey, value);
  }

  /**
   * Whether a callback may be sent to {@code host}: always when {@code allowed} is empty; else when
   * an entry equals the host, or an entry {@code .domain} is a suffix of it (so {@code
   * .example.org} allows {@code api.example.org} and {@code a.b.example.org}, but not {@code
   * example.org} nor {@code badexample.org}). Case-insensitive; a trailing {@code .} of a fully
   * qualified name and the brackets of an IPv6 literal are ignored on both sides. A null or empty
   * host is never allowed by a non-empty list.
   */
  public static boolean hostAllowed(Set<String> allowed, String host) {
    if (allowed == null || allowed.isEmpty()) {
      return true;
    }
    String h = normalizedHost(host);
    if (h.isEmpty()) {
      return false;
    }
    for (String entry : allowed) {
      String e = normalizedHost(entry);
      if (e.isEmpty()) {
        continue;
      }
      if (e.startsWith(".") ? e.length() > 1 && h.endsWith(e) : h.equals(e)) {
        return true;
      }
    }
    return false;
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
        + ", signingKey="
        + (signingKey == null ? "none" : "(set)")
        + ", allowedHosts="
        + (allowedHosts.isEmpty() ? "any" : allowedHosts)
        + "]";
  }

  private static Set<String> normalizedHosts(Set<String> hosts) {
    if (hosts == null || hosts.isEmpty()) {
      return Set.of();
    }
    TreeSet<String> sorted = new TreeSet<>();
    for (String host : hosts) {
      String h = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
      if (!h.isEmpty()) {
        sorted.add(h);
      }
    }
    return java.util.Collections.unmodifiableSet(sorted);
  }

  private static String normalizedHost(String host) {
    if (host == null) {
      return "";
    }
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.endsWith(".") && h.length() > 1) {
      h = h.substring(0, h.length() - 1);
    }
    return h;
  }
}
