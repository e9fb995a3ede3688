package io.modelrunner.testkit.engine;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The {@link Capability capabilities} an engine has, and for each one it lacks, why: the reason a
 * contract test that needs it is skipped with.
 *
 * @param missing each capability the engine lacks, with why
 */
@API(status = STABLE, since = "0.1.0")
public record Capabilities(Map<Capability, String> missing) {
  public Capabilities {
    missing = Map.copyOf(missing);
  }

  /** Every capability. */
  public static Capabilities all() {
    return new Capabilities(Map.of());
  }

  /** These capabilities less {@code capability}, which the engine lacks because {@code why}. */
  public Capabilities without(Capability capability, String why) {
    Objects.requireNonNull(capability, "capability");
    if (why == null || why.isBlank()) {
      throw new IllegalArgumentException("say why the engine lacks " + capability);
    }
    Map<Capability, String> more = new EnumMap<>(Capability.class);
    more.putAll(missing);
    more.put(capability, why);
    return new Capabilities(more);
  }

  public boolean has(Capability capability) {
    return !missing.containsKey(capability);
  }

  /** Why the engine lacks {@code capability}; empty when it has it. */
  public Optional<String> whyNot(Capability capability) {
    return Optional.ofNullable(missing.get(capability));
  }
}
