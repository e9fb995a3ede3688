package io.modelrunner.app.config;

import io.modelrunner.core.callback.CallbackSettings;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code callbacks.*}: how callbacks are sent. The secret and the key never appear in {@link
 * #toString()}.
 */
public record CallbacksSection(
    String secret,
    String signingKey,
    Set<String> allowedHosts,
    Duration timeout,
    int attempts,
    Duration retryPeriod,
    Duration maxBackoff,
    int deliveryThreads) {

  static CallbacksSection parse(ConfigValues v) {
    CallbacksSection section =
        new CallbacksSection(
            v.text("callbacks.secret"),
            v.text("callbacks.signing-key"),
            new LinkedHashSet<>(v.list("callbacks.allowed-hosts")),
            v.duration("callbacks.timeout"),
            v.integer("callbacks.attempts", 1, 100),
            v.duration("callbacks.retry-period"),
            v.duration("callbacks.max-backoff"),
            v.integer("callbacks.delivery-threads", 1, 256));
    for (String entry : section.allowedHosts()) {
      CallbackSettings.hostEntryProblem(entry)
          .ifPresent(problem -> v.problem("callbacks.allowed-hosts", problem));
    }
    return section;
  }

  /** Whether callbacks may go to any host ({@code callbacks.allowed-hosts=*}). */
  public boolean anyHost() {
    return allowedHosts.contains("*");
  }

  /** The key that signs callbacks: the signing key, else the secret; empty when neither is set. */
  public String effectiveSigningKey() {
    return signingKey.isEmpty() ? secret : signingKey;
  }

  @Override
  public String toString() {
    return "CallbacksSection[secret "
        + (secret.isEmpty() ? "none" : "(set)")
        + ", signing "
        + (effectiveSigningKey().isEmpty() ? "off" : "on")
        + ", hosts "
        + allowedHosts
        + ", timeout "
        + timeout
        + ", attempts "
        + attempts
        + "]";
  }
}
