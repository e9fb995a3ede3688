package io.modelrunner.api.adapter;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What an adapter posts (or puts) to the registry, the body the adapter SDK sends and the registry
 * reads; a {@link RegistryEntry} adds {@code id} and {@code last_seen}. {@code status} defaults to
 * {@code READY}, {@code version} to empty; {@code owner} is optional (null: none), as in the
 * deployed Model-Registry. Trailing slashes of {@code uri} are dropped, so that {@code
 * http://a:8080/} and {@code http://a:8080} are the same adapter and {@code uri + "/model"} is a
 * valid base URL.
 */
@API(status = STABLE, since = "0.1.0")
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
    status = status == null ? RegistryStatus.READY : status;
    if (maxWorkers < 0 || usedWorkers < 0) {
      throw new IllegalArgumentException("max_workers and used_workers must not be negative");
    }
  }

  /**
   * What an adapter with {@code usedWorkers} of its {@code maxWorkers} busy reports: {@code BUSY}
   * while every worker is taken, else {@code READY}.
   */
  public static Registration ofAdapter(
      String name, String version, String uri, int maxWorkers, int usedWorkers, String owner) {
    return new Registration(
        name,
        version,
        uri,
        maxWorkers,
        usedWorkers,
        owner,
        usedWorkers >= maxWorkers ? RegistryStatus.BUSY : RegistryStatus.READY);
  }

  /** This registration with {@code status} instead of its own. */
  public Registration withStatus(RegistryStatus status) {
    return new Registration(name, version, uri, maxWorkers, usedWorkers, owner, status);
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
