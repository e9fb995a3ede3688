package io.modelrunner.core.pipeline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One stored result of a job.
 *
 * @param name what it is: {@code data.json}, {@code export.zip}, or {@code log/<file>}
 * @param key its key in the result store
 * @param size its size in bytes
 * @param sha256 its SHA-256, lower-case hex
 * @param location where it is, as the store reports it (a {@code file:} URI for the filesystem
 *     store)
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record Artifact(String name, String key, long size, String sha256, String location) {
  public Artifact {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(location, "location");
  }
}
