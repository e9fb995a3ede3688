package io.modelrunner.app.config;

import io.modelrunner.app.http.Networks;
import java.time.Duration;

/**
 * {@code registry.token}, {@code .ttl}, {@code .trusted-networks}: who may write the model
 * registry. The token never appears in {@link #toString()}.
 */
public record RegistrySection(String token, Duration ttl, Networks trustedNetworks) {

  static RegistrySection parse(ConfigValues v) {
    return new RegistrySection(
        v.text("registry.token"),
        v.duration("registry.ttl"),
        v.networks("registry.trusted-networks"));
  }

  @Override
  public String toString() {
    return "RegistrySection[token "
        + (token.isEmpty() ? "off" : "(set)")
        + ", ttl "
        + ttl
        + ", trusted networks "
        + (trustedNetworks.isEmpty() ? "none" : trustedNetworks)
        + "]";
  }
}
