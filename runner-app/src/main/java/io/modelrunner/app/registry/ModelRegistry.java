package io.modelrunner.app.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.adapter.Registration;
import io.modelrunner.api.adapter.RegistryEntry;
import io.modelrunner.api.adapter.RegistryStatus;
import io.modelrunner.app.http.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The adapters' registry: who is there, where, and whether they are alive. Wire-compatible with the
 * deployed Model-Registry (upsert by {@code uri}, search by any subset of fields, status READY or
 * BUSY). Beyond it: whether an entry is still refreshed is its {@link Liveness}, reported apart
 * from its status; entries that are not live are skipped by searches and {@link #findReady(String)}
 * only when {@link Liveness#liveOnly()} is set. Entries are kept in the service's database, in
 * registration order. Thread-safe.
 */
public final class ModelRegistry {
  private final RegistryStore store;
  private final Clock clock;
  private final Liveness liveness;

  /** A registry whose entries stay usable without heartbeats (the default: not live-only). */
  public ModelRegistry(RegistryStore store, Clock clock, Duration ttl) {
    this(store, clock, new Liveness(ttl, false));
  }

  public ModelRegistry(RegistryStore store, Clock clock, Liveness liveness) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.liveness = Objects.requireNonNull(liveness, "liveness");
  }

  /**
   * Inserts, or replaces the entry with the same {@code uri}; sets {@code last_seen} to now. For
   * the service itself and tests: no owner is recorded and no rule applies.
   */
  public RegistryEntry register(Registration registration) {
    return store.upsertByUri(registration, clock.instant());
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
    return store.upsertByUri(
        registration,
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
                    + liveness.ttl()
                    + ")");
          }
        });
  }

  /** Every entry, live or not, in registration order. */
  public List<RegistryEntry> list() {
    return store.findAll();
  }

  /** How many entries there are, live or not. */
  public int count() {
    return store.count();
  }

  /** How many entries are live (refreshed within the TTL), whatever their status. */
  public long countLive() {
    return list().stream().filter(this::isLive).count();
  }

  /** Whether {@code entry} has been refreshed within the TTL, now. */
  public boolean isLive(RegistryEntry entry) {
    return liveness.isLive(entry.lastSeen(), clock.instant());
  }

  /** How this registry decides liveness and whether it is enforced. */
  public Liveness liveness() {
    return liveness;
  }

  /** Entry {@code id} (a UUID string; anything else is no entry). */
  public Optional<RegistryEntry> get(String id) {
    return store.findById(id);
  }

  /**
   * A full update, which also counts as a heartbeat.
   *
   * @return the entry, or empty when there is no entry {@code id}
   * @throws UriTakenException when another entry already has the new {@code uri}
   */
  public Optional<RegistryEntry> replace(String id, Registration registration) {
    return store.replace(id, registration, clock.instant());
  }

  /**
   * A full update for {@code caller}, and a heartbeat; allowed to the entry's owner, to a holder of
   * the registry token, and for an entry without an owner (which {@code caller} then owns).
   *
   * @return the entry, or empty when there is no entry {@code id}
   * @throws UriTakenException when another entry already has the new {@code uri}
   * @throws NotOwnerException when {@code caller} may not change it
   */
  public Optional<RegistryEntry> replace(String id, Registration registration, Caller caller) {
    Objects.requireNonNull(caller, "caller");
    return store.replace(
        id, registration, clock.instant(), caller.address(), ownerOnly(caller, "change"));
  }

  /** Deletes entry {@code id}; false when there was none. */
  public boolean delete(String id) {
    return store.delete(id);
  }

  /**
   * Deletes entry {@code id} for {@code caller}: allowed to the entry's owner, to a holder of the
   * registry token, and for an entry without an owner.
   *
   * @return false when there was no entry {@code id}
   * @throws NotOwnerException when {@code caller} may not delete it
   */
  public boolean delete(String id, Caller caller) {
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
    return !liveness.isLive(stored.lastSeen(), now);
  }

  /**
   * The usable entries matching every field of {@code criteria} (strings compared
   * case-insensitively, numbers exactly; a field whose value is JSON {@code null} matches
   * anything), in registration order. Entries that are not live are left out only when the registry
   * is live-only.
   *
   * @param criteria an object with any of {@code id, name, version, uri, max_workers, used_workers,
   *     owner, status}; other fields match nothing
   */
  public List<RegistryEntry> search(JsonNode criteria) {
    Instant now = clock.instant();
    return list().stream()
        .filter(e -> liveness.isUsable(e.lastSeen(), now))
        .filter(e -> matches(e, criteria))
        .toList();
  }

  /**
   * The first (earliest registered) usable entry called {@code name} (case-insensitive) with status
   * {@code READY} and an http(s) {@code uri}, for adapter-backed runs. BUSY entries, entries of
   * other schemes (the registry accepts any absolute URI, e.g. {@code mqtt://}) and, when the
   * registry is live-only, entries that are not live are skipped; {@link #whyNotUsed} says why.
   */
  public Optional<RegistryEntry> findReady(String name) {
    Objects.requireNonNull(name, "name");
    Instant now = clock.instant();
    return list().stream()
        .filter(e -> e.registration().name().equalsIgnoreCase(name))
        .filter(e -> whyNotUsed(e, now).isEmpty())
        .findFirst();
  }

  /** Every entry called {@code name} (case-insensitive), live or not: for error messages. */
  public List<RegistryEntry> findByName(String name) {
    return list().stream().filter(e -> e.registration().name().equalsIgnoreCase(name)).toList();
  }

  /**
   * Why {@link #findReady} passes over {@code entry}, as a phrase to follow its uri (e.g. {@code
   * "is BUSY"}); empty when it would use it.
   */
  public Optional<String> whyNotUsed(RegistryEntry entry) {
    return whyNotUsed(entry, clock.instant());
  }

  private Optional<String> whyNotUsed(RegistryEntry entry, Instant now) {
    if (!isHttp(entry.registration().uri())) {
      return Optional.of(
          "is not an http(s) adapter, so it cannot back runs (only http and https uris can)");
    }
    if (!liveness.isUsable(entry.lastSeen(), now)) {
      return Optional.of(
          "is not live (last seen "
              + entry.lastSeen()
              + ", not refreshed within registry.ttl "
              + liveness.ttl()
              + ", and registry.live-only is set)");
    }
    if (entry.registration().status() != RegistryStatus.READY) {
      return Optional.of("is " + entry.registration().status());
    }
    return Optional.empty();
  }

  private static boolean isHttp(String uri) {
    String lower = uri.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://");
  }

  private static boolean matches(RegistryEntry entry, JsonNode criteria) {
    Registration r = entry.registration();
    Map<String, Object> values = new HashMap<>(); // owner may be null
    values.put("id", entry.id());
    values.put("name", r.name());
    values.put("version", r.version());
    values.put("uri", r.uri());
    values.put("max_workers", r.maxWorkers());
    values.put("used_workers", r.usedWorkers());
    values.put("owner", r.owner());
    values.put("status", r.status().name());
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
