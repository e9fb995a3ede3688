package io.modelrunner.adapter.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * What the adapter sends to the model registry (POST and PUT alike): the deployed registry's
 * required fields plus {@code owner} and {@code status}, which is only ever {@code READY} or {@code
 * BUSY} (the values its clients accept).
 */
@JsonPropertyOrder({"name", "version", "uri", "max_workers", "used_workers", "owner", "status"})
public record RegistryBody(
    @JsonProperty("name") String name,
    @JsonProperty("version") String version,
    @JsonProperty("uri") String uri,
    @JsonProperty("max_workers") int maxWorkers,
    @JsonProperty("used_workers") int usedWorkers,
    @JsonProperty("owner") String owner,
    @JsonProperty("status") String status) {

  public RegistryBody {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(owner, "owner");
    if (!status.equals("READY") && !status.equals("BUSY")) {
      throw new IllegalArgumentException("status must be READY or BUSY, got " + status);
    }
  }

  /** The body for an adapter with {@code usedWorkers} of {@code maxWorkers} busy. */
  public static RegistryBody of(
      String name, String version, String uri, int maxWorkers, int usedWorkers, String owner) {
    return new RegistryBody(
        name,
        version,
        uri,
        maxWorkers,
        usedWorkers,
        owner,
        usedWorkers >= maxWorkers ? "BUSY" : "READY");
  }
}
