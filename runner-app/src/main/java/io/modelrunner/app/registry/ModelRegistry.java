package io.modelrunner.app.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.adapter.Registration;
import io.modelrunner.api.adapter.RegistryEntry;
import io.modelrunner.api.adapter.RegistryStatus;
import io.modelrunner.app.http.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The adapters' registry: who is there, where, and whether they are alive. Wire-compatible with the
 * existing registry (upsert by {@code uri}, search by any subset of fields). Beyond it: an entry
 * whose {@code last_seen} is older than the TTL is reported {@code UNAVAILABLE} and skipped by
 * searches (unless asked for by status) and by {@link #findReady(String)}; its next heartbeat makes
 * it live again. Entries are kept in the service's database, in id order. Thread-safe.
 */
public final class ModelRegistry {
  private final RegistryStore store;
  private final Clock clock;
  private final Duration ttl;

  /**
   * @param ttl how long an entry stays live without a heartbeat ({@code registry.ttl})
   */
  public ModelRegistry(RegistryStore store, Clock clock, Duration ttl) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("registry TTL must be positive: " + ttl);
    }
  }

  /**
   * Inserts, or replaces the entry with the same {@code uri}; sets {@code last_seen} to now. For
   * the service itself and tests: no owner is recorded and no rule applies.
   */
  public RegistryEntry register(Registration registration) {
    return effective(store.upsertByUri(fromAdapter(registration), clock.instant()));
  }

  /**
   * Registers for {@code caller}: inserts, or replaces the entry with the same {@code uri}, and
   * records the caller's address as the entry's owner. Replacing is allowed to the owner, to a
   * holder of the registry token, for an entry without an owner, and for an entry no longer live
   * (not refreshed for the TTL: its adapter is gone, so one that comes back from a new address can
   * register again).
   *
   * @throws NotOwnerException otherwise, naming the rule
   */
  public RegistryEntry register(Registration registration, Caller caller) {
    Objects.requireNonNull(caller, "caller");
    Instant now = clock.instant();
    return effective(
        store.upsertByUri(
            fromAdapter(registration),
            now,
            caller.address(),
            existing -> {
              if (!mayChange(existing, caller) && !expired(existing.entry(), now)) {
                throw new NotOwnerException(
                    "registry entry "
                        + existing.entry().id()
                        + " (uri "
                        + existing.entry().registration().uri()
                        + ") was registered from another address: only that address, or a"
                        + " caller with the registry token, may register it again until it has"
                        + " not been refreshed for registry.ttl ("
                        + ttl
                        + ")");
              }
            }));
  }

  /** Every entry, live or not (expired ones with status {@code UNAVAILABLE}), in id order. */
  public List<RegistryEntry> list() {
    return store.findAll().stream().map(this::effective).toList();
  }

  /** How many entries there are, live or not. */
  public int count() {
    return store.count();
  }

  /** How many entries are live (not expired), whatever their status. */
  public long countLive() {
    return list().stream()
        .filter(e -> e.registration().status() != RegistryStatus.UNAVAILABLE)
        .count();
  }

  public Optional<RegistryEntry> get(long id) {
    return store.findById(id).map(this::effective);
  }

  /**
   * A full update, which also counts as a heartbeat.
   *
   * @return the entry, or empty when there is no entry {@code id}
   * @throws UriTakenException when another entry already has the new {@code uri}
   */
  public Optional<RegistryEntry> replace(long id, Registration registration) {
    return store.replace(id, fromAdapter(registration), clock.instant()).map(this::effective);
  }

  /**
   * A full update for {@code caller}, and a heartbeat; allowed to the entry's owner, to a holder of
   * the registry token, and for an entry without an owner (which {@code caller} then owns).
   *
   * @return the entry, or empty when there is no entry {@code id}
   * @throws UriTakenException when another entry already has the new {@code uri}
   * @throws NotOwnerException when {@code caller} may not change it
   */
  public Optional<RegistryEntry> replace(long id, Registration registration, Caller caller) {
    Objects.requireNonNull(caller, "caller");
    return store
        .replace(
            id,
            fromAdapter(registration),
            clock.instant(),
            caller.address(),
            ownerOnly(caller, "change"))
        .map(this::effective);
  }

  /** Deletes entry {@code id}; false when there was none. */
  public boolean delete(long id) {
    return store.delete(id);
  }

  /**
   * Deletes entry {@code id} for {@code caller}: allowed to the entry's owner, to a holder of the
   * registry token, and for an entry without an owner.
   *
   * @return false when there was no entry {@code id}
   * @throws NotOwnerException when {@code caller} may not delete it
   */
  public boolean delete(long id, Caller caller) {
    Objects.requireNonNull(caller, "caller");
    return store.delete(id, ownerOnly(caller, "delete"));
  }

  private static RegistryStore.ChangeRule ownerOnly(Caller caller, String what) {
    return existing -> {
      if (!mayChange(existing, caller)) {
        throw new NotOwnerException(
            "registry entry "
                + existing.entry().id()
                + " was registered from another address: only that address, or a caller with the"
                + " registry token, may "
                + what
                + " it");
      }
    };
  }

  private static boolean mayChange(RegistryStore.Owned existing, Caller caller) {
    return caller.registryTokenHolder()
        || existing.owner() == null
        || existing.owner().equals(caller.address());
  }

  private boolean expired(RegistryEntry stored, Instant now) {
    return stored.lastSeen().plus(ttl).isBefore(now);
  }

  /**
   * The entries matching every field of {@code criteria} (strings compared case-insensitively,
   * numbers exactly; a field whose value is JSON {@code null} matches anything). Expired entries
   * are left out unless {@code criteria} asks for {@code "status": "UNAVAILABLE"}.
   *
   * @param criteria an object with any of {@code id, name, version, uri, max_workers, used_workers,
   *     owner, status}; other fields match nothing
   */
  public List<RegistryEntry> search(JsonNode criteria) {
    JsonNode status = criteria.get("status");
    boolean wantsUnavailable =
        status != null && status.isTextual() && status.asText().equalsIgnoreCase("UNAVAILABLE");
    return list().stream()
        .filter(e -> wantsUnavailable || e.registration().status() != RegistryStatus.UNAVAILABLE)
        .filter(e -> matches(e, criteria))
        .toList();
  }

  /**
   * The first (lowest id) live entry called {@code name} (case-insensitive) with status {@code
   * READY}, for adapter-backed runs. BUSY and expired entries are skipped.
   */
  public Optional<RegistryEntry> findReady(String name) {
    Objects.requireNonNull(name, "name");
    return list().stream()
        .filter(e -> e.registration().status() == RegistryStatus.READY)
        .filter(e -> e.registration().name().equalsIgnoreCase(name))
        .findFirst();
  }

  /** Every entry called {@code name} (case-insensitive), live or not: for error messages. */
  public List<RegistryEntry> findByName(String name) {
    return list().stream().filter(e -> e.registration().name().equalsIgnoreCase(name)).toList();
  }

  /** When an entry stops being live without a heartbeat. */
  public Duration ttl() {
    return ttl;
  }

  /** {@code registration} when its status is one an adapter reports (READY or BUSY). */
  private static Registration fromAdapter(Registration registration) {
    if (registration.status() == RegistryStatus.UNAVAILABLE) {
      throw new IllegalArgumentException("an adapter reports READY or BUSY, not UNAVAILABLE");
    }
    return registration;
  }

  private RegistryEntry effective(RegistryEntry stored) {
    boolean expired = stored.lastSeen().plus(ttl).isBefore(clock.instant());
    if (!expired) {
      return stored;
    }
    return stored.unavailable();
  }

  private static boolean matches(RegistryEntry entry, JsonNode criteria) {
    Registration r = entry.registration();
    Map<String, Object> values =
        Map.of(
            "id", entry.id(),
            "name", r.name(),
            "version", r.version(),
            "uri", r.uri(),
            "max_workers", r.maxWorkers(),
            "used_workers", r.usedWorkers(),
            "owner", r.owner(),
            "status", r.status().name());
    for (Iterator<Map.Entry<String, JsonNode>> it = criteria.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> criterion = it.next();
      JsonNode wanted = criterion.getValue();
      if (wanted == null || wanted.isNull()) {
        continue;
      }
      Object actual = values.get(criterion.getKey());
      if (actual instanceof String text) {
        if (!wanted.isTextual()) {
          return false;
        }
        String value =
            criterion.getKey().equals("uri")
                ? Registration.stripTrailingSlashes(wanted.asText())
                : wanted.asText();
        if (!text.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))) {
          return false;
        }
      } else if (actual instanceof Number number) {
        if (!wanted.isIntegralNumber()
            || !wanted.canConvertToLong()
            || wanted.longValue() != number.longValue()) {
          return false;
        }
      } else {
        return false;
      }
    }
    return true;
  }
}
