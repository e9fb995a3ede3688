package io.modelrunner.api.adapter;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * What an adapter posts (or puts) to the registry, the body the adapter SDK sends and the registry
 * reads: its {@link RegistryEntry} without {@code id} and {@code last_seen}. {@code status}
 * defaults to {@code READY}; {@code version} and {@code owner} to empty. Trailing slashes of {@code
 * uri} are dropped, so that {@code http://a:8080/} and {@code http://a:8080} are the same adapter
 * and {@code uri + "/model"} is a valid base URL.
 */
public record Registration(
    @JsonProperty("name") String name,
    @JsonProperty("version") String version,
    @JsonProperty("uri") String uri,
    @JsonProperty("max_workers") int maxWorkers,
    @JsonProperty("used_workers") int usedWorkers,
    @JsonProperty("owner") String owner,
    @JsonProperty("status") RegistryStatus status) {

  public Registration {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uri, "uri");
    uri = stripTrailingSlashes(uri);
    version = version == null ? "" : version;
    owner = owner == null ? "" : owner;
    status = status == null ? RegistryStatus.READY : status;
    if (status == RegistryStatus.UNAVAILABLE) {
      throw new IllegalArgumentException("an adapter reports READY or BUSY, not UNAVAILABLE");
    }
    if (maxWorkers < 0 || usedWorkers < 0) {
      throw new IllegalArgumentException("max_workers and used_workers must not be negative");
    }
  }

  /** {@code uri} without its trailing slashes. */
  public static String stripTrailingSlashes(String uri) {
    int end = uri.length();
    while (end > 0 && uri.charAt(end - 1) == '/') {
      end--;
    }
    return uri.substring(0, end);
  }
}
