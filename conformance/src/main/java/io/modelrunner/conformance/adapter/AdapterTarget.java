package io.modelrunner.conformance.adapter;

import static org.apiguardian.api.API.Status.STABLE;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The adapter to check and how.
 *
 * @param root the adapter's root URL, e.g. {@code http://localhost:8080}
 * @param basePath where its lifecycle endpoints live, e.g. {@code /model}
 * @param configuration a configuration it accepts, as JSON text; empty: {@code {}} is tried, and
 *     the clauses needing a configured run are skipped when the adapter refuses it
 * @param timeout how long a started run may take to finish
 */
@API(status = STABLE, since = "0.1.0")
public record AdapterTarget(
    URI root, String basePath, Optional<String> configuration, Duration timeout) {
  public AdapterTarget {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(basePath, "basePath");
    Objects.requireNonNull(configuration, "configuration");
    Objects.requireNonNull(timeout, "timeout");
    String trimmed = basePath.replaceAll("/+$", "");
    basePath = trimmed.isEmpty() || trimmed.startsWith("/") ? trimmed : "/" + trimmed;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }

  /** What the report names as its subject. */
  public String subject() {
    return "adapter " + url(basePath);
  }

  /**
   * The URL of {@code path} below the root, keeping the root's own path ({@code http://host/prefix}
   * and {@code /status} give {@code http://host/prefix/status}), as the deployed orchestrator
   * builds {@code {uri}/status}.
   */
  public URI url(String path) {
    return URI.create(root.toString().replaceAll("/+$", "") + path);
  }
}
