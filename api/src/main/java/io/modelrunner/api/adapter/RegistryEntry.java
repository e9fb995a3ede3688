package io.modelrunner.api.adapter;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * An adapter's entry in the model registry: the {@link Registration} an adapter posted, plus the
 * registry's {@code id} and {@code last_seen}, in one flat JSON object with exactly the fields of
 * the deployed Model-Registry's {@code ModelAdapter} ({@code id}, the registration's fields, {@code
 * last_seen}; a missing {@code owner} is written as null), because its clients refuse any other
 * field.
 *
 * @param id the registry's id for the entry, a UUID string
 * @param registration what the adapter posted
 * @param lastSeen when the registry last heard from the adapter
 */
@JsonPropertyOrder({"id"})
@API(status = STABLE, since = "0.1.0")
public record RegistryEntry(
    @JsonProperty("id") String id,
    @JsonUnwrapped Registration registration,
    @JsonProperty("last_seen") Instant lastSeen) {

  public RegistryEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(registration, "registration");
    Objects.requireNonNull(lastSeen, "lastSeen");
  }
}
