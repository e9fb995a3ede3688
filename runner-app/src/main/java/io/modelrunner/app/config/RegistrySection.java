package io.modelrunner.app.config;

import io.modelrunner.app.http.Networks;
import java.time.Duration;

/**
 * {@code registry.token}, {@code .ttl}, {@code .live-only}, {@code .trusted-networks}: who may
 * write the model registry, and whether entries not refreshed within the TTL are still used. The
 * token never appears in {@link #toString()}.
 */
public record RegistrySection(
    String token, Duration ttl, boolean liveOnly, Networks trustedNetworks) {

  static RegistrySection parse(ConfigValues v) {
    return new RegistrySection(
        v.text("registry.token"),
        v.duration("registry.ttl"),
        v.bool("registry.live-only"),
        v.networks("registry.trusted-networks"));
  }

  @Override
  public String toString() {
    return "RegistrySection[token "
        + (token.isEmpty() ? "off" : "(set)")
        + ", ttl "
        + ttl
        + (liveOnly ? " (live only)" : "")
        + ", trusted networks "
        + (trustedNetworks.isEmpty() ? "none" : trustedNetworks)
        + "]";
  }
}
