package io.modelrunner.api.adapter;

/**
 * An adapter's availability in the model registry. Adapters post {@link #READY} or {@link #BUSY};
 * {@link #UNAVAILABLE} is reported by a registry for entries whose heartbeat has expired.
 */
public enum RegistryStatus {
  READY,
  BUSY,
  UNAVAILABLE
}
