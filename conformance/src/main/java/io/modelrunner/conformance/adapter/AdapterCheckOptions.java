package io.modelrunner.conformance.adapter;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apiguardian.api.API;

/**
 * What else a check judges beyond the lifecycle of one {@link AdapterTarget}.
 *
 * @param capacity how many runs the adapter declares it runs at once; empty: read from its registry
 *     entry's {@code max_workers} when a registry is given, else {@link AdapterClauses#CAPACITY} is
 *     skipped
 * @param registry the model registry the adapter registers with (its base URL or its {@code
 *     …/registry/} URL); empty: the registry clauses are skipped
 * @param registryWait how long to wait for the adapter's entry to appear, to be refreshed by a
 *     heartbeat, and to go once the adapter stopped
 * @param stopper stops the adapter once every other clause is judged; empty: {@link
 *     AdapterClauses#DEREGISTERED} is skipped
 * @param profile which clauses only warn
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record AdapterCheckOptions(
    OptionalInt capacity,
    Optional<URI> registry,
    Duration registryWait,
    Optional<AdapterStopper> stopper,
    AdapterProfile profile) {

  /** The registry's default TTL: an adapter that does not heartbeat within it is not live. */
  public static final Duration DEFAULT_REGISTRY_WAIT = Duration.ofSeconds(90);

  public AdapterCheckOptions {
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(registryWait, "registryWait");
    Objects.requireNonNull(stopper, "stopper");
    Objects.requireNonNull(profile, "profile");
    if (capacity.isPresent() && capacity.getAsInt() < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity.getAsInt());
    }
    if (registryWait.isNegative() || registryWait.isZero()) {
      throw new IllegalArgumentException("registryWait must be positive, got " + registryWait);
    }
  }

  /** No capacity, no registry, no stopper, the standard profile. */
  public static AdapterCheckOptions defaults() {
    return new AdapterCheckOptions(
        OptionalInt.empty(),
        Optional.empty(),
        DEFAULT_REGISTRY_WAIT,
        Optional.empty(),
        AdapterProfile.STANDARD);
  }

  public AdapterCheckOptions withCapacity(int runs) {
    return new AdapterCheckOptions(OptionalInt.of(runs), registry, registryWait, stopper, profile);
  }

  public AdapterCheckOptions withRegistry(URI url) {
    return new AdapterCheckOptions(capacity, Optional.of(url), registryWait, stopper, profile);
  }

  public AdapterCheckOptions withRegistryWait(Duration wait) {
    return new AdapterCheckOptions(capacity, registry, wait, stopper, profile);
  }

  public AdapterCheckOptions withStopper(AdapterStopper stop) {
    return new AdapterCheckOptions(capacity, registry, registryWait, Optional.of(stop), profile);
  }

  public AdapterCheckOptions withProfile(AdapterProfile newProfile) {
    return new AdapterCheckOptions(capacity, registry, registryWait, stopper, newProfile);
  }
}
