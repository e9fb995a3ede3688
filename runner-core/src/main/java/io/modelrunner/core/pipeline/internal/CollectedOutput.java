package io.modelrunner.core.pipeline.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * What the collect step found in {@code output/}.
 *
 * @param files the regular files to export, sorted by name; always includes {@code data.json}
 * @param skipped entries reported and left out: {@code <name>: <why>} (symbolic links, special
 *     files)
 * @param fromManifest whether {@code output/manifest.json} listed the files (else a scan)
 */
@API(status = INTERNAL, since = "0.1.0")
public record CollectedOutput(List<OutputEntry> files, List<String> skipped, boolean fromManifest) {
  public CollectedOutput {
    files = List.copyOf(files);
    skipped = List.copyOf(skipped);
  }
}
