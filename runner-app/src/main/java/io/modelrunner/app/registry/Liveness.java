package io.modelrunner.app.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether a registry entry is still refreshed by its adapter, apart from its status (which is only
 * what the adapter said: READY or BUSY). An entry is <em>live</em> while its {@code last_seen} is
 * at most {@code ttl} old. Liveness decides who may take over an entry registered from another
 * address; it decides whether an entry is found and used for runs only when {@code liveOnly} is set
 * ({@code registry.live-only}), because the adapters of the deployed ecosystem register once and
 * never refresh their entry.
 *
 * @param ttl how long an entry stays live without a heartbeat ({@code registry.ttl}); positive
 * @param liveOnly true: entries that are not live are left out of searches and not used for runs
 */
public record Liveness(Duration ttl, boolean liveOnly) {
  public Liveness {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("registry TTL must be positive: " + ttl);
    }
  }

  /** Whether an entry last seen at {@code lastSeen} is live at {@code now}. */
  public boolean isLive(Instant lastSeen, Instant now) {
    return !lastSeen.plus(ttl).isBefore(now);
  }

  /** Whether an entry last seen at {@code lastSeen} is found and used at {@code now}. */
  public boolean isUsable(Instant lastSeen, Instant now) {
    return !liveOnly || isLive(lastSeen, now);
  }
}
