package io.modelrunner.api.adapter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.Objects;

/**
 * An adapter's entry in the model registry: the {@link Registration} an adapter posted, plus the
 * registry's {@code id} and {@code last_seen}, in one flat JSON object ({@code id}, the
 * registration's fields, {@code last_seen}). Null fields are omitted.
 *
 * @param id the registry's id for the entry
 * @param registration what the adapter posted; its status UNAVAILABLE once the heartbeat expired
 * @param lastSeen when the registry last heard from the adapter
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegistryEntry(
    @JsonProperty("id") Long id,
    @JsonUnwrapped Registration registration,
    @JsonProperty("last_seen") Instant lastSeen) {

  public RegistryEntry {
    Objects.requireNonNull(registration, "registration");
  }

  /** This entry as the registry reports it once its heartbeat has expired. */
  public RegistryEntry unavailable() {
    return new RegistryEntry(id, registration.withStatus(RegistryStatus.UNAVAILABLE), lastSeen);
  }
}
