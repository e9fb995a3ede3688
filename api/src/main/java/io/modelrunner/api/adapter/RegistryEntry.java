package io.modelrunner.api.adapter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * An adapter's entry in the model registry: the {@link Registration} an adapter posts plus the
 * registry's {@code id} and {@code last_seen}. Null fields are omitted.
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
}
