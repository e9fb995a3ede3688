package io.modelrunner.api.adapter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * An adapter's entry in the model registry. An adapter posts {@code name}, {@code version}, {@code
 * uri}, {@code max_workers}, {@code used_workers}, {@code owner} and optionally {@code status}; the
 * registry adds {@code id} and {@code last_seen}. Null fields are omitted so that the posted body
 * is exactly what the existing registry expects.
 *
 * @param id the registry's id for the entry; null before registration
 * @param name what orchestrators look the model up by
 * @param version the adapter's (model's) version
 * @param uri the adapter's absolute base URL, without trailing slash; the upsert key
 * @param maxWorkers how many model runs the adapter executes at once
 * @param usedWorkers how many of those slots are taken
 * @param owner who operates the adapter
 * @param status READY, BUSY, or (reported by the registry) UNAVAILABLE
 * @param lastSeen when the registry last heard from the adapter
 */
@JsonPropertyOrder({
  "id",
  "name",
  "version",
  "uri",
  "max_workers",
  "used_workers",
  "owner",
  "status",
  "last_seen"
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegistryEntry(
    @JsonProperty("id") Long id,
    @JsonProperty("name") String name,
    @JsonProperty("version") String version,
    @JsonProperty("uri") String uri,
    @JsonProperty("max_workers") int maxWorkers,
    @JsonProperty("used_workers") int usedWorkers,
    @JsonProperty("owner") String owner,
    @JsonProperty("status") RegistryStatus status,
    @JsonProperty("last_seen") Instant lastSeen) {

  public RegistryEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uri, "uri");
  }

  /** The body an adapter posts to register itself: no id, no last_seen. */
  public static RegistryEntry registration(
      String name,
      String version,
      String uri,
      int maxWorkers,
      int usedWorkers,
      String owner,
      RegistryStatus status) {
    return new RegistryEntry(
        null, name, version, uri, maxWorkers, usedWorkers, owner, status, null);
  }
}
