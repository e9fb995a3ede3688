package io.modelrunner.core.store;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * An object in a {@link ResultStore}.
 *
 * @param key the object's key in the store
 * @param size its size in bytes
 * @param sha256 its SHA-256, lower-case hex; null when the store does not know it (an object
 *     written by someone else)
 * @param location where it is, as reported in callbacks ({@link ResultStore#location(String)})
 */
@API(status = STABLE, since = "0.1.0")
public record StoredObject(String key, long size, String sha256, String location) {
  public StoredObject {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(location, "location");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
  }
}
