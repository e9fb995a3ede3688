package io.modelrunner.core.engine;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Exactly what runs, for the start callback and the run record.
 *
 * @param engine the engine's name ({@code docker}, {@code process})
 * @param reference what was asked for (image reference, or the command)
 * @param id the pinned identity: the image id ({@code sha256:…}) for Docker; for a process, the
 *     SHA-256 of the command's executable
 * @param digest the image's repo digest ({@code name@sha256:…}) when it has one; else null
 * @param version the {@code org.opencontainers.image.version} label when present; else null
 */
@API(status = STABLE, since = "0.1.0")
public record ModelIdentity(
    String engine, String reference, String id, String digest, String version) {
  public ModelIdentity {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(id, "id");
  }
}
