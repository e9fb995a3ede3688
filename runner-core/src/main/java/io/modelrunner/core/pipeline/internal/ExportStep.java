package io.modelrunner.core.pipeline.internal;

import io.modelrunner.core.engine.Workspace;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Zips the job's {@code input/inputFile.json}, the collected {@code output/} files and the regular
 * files of {@code log/} (symbolic links skipped) into {@code export.zip} beside the three folders,
 * with {@link DeterministicZip}: the same files give the same bytes.
 */
public final class ExportStep {
  /** The export's file name in the workspace root. */
  public static final String EXPORT_ZIP = "export.zip";

  public Path export(Workspace workspace, CollectedOutput output) throws IOException {
    List<OutputEntry> entries = new ArrayList<>();
    entries.add(new OutputEntry("input/inputFile.json", workspace.inputFile()));
    for (OutputEntry file : output.files()) {
      entries.add(new OutputEntry("output/" + file.name(), file.file()));
    }
    for (OutputEntry log : TreeScan.scan(workspace.log()).files()) {
      entries.add(new OutputEntry("log/" + log.name(), log.file()));
    }
    Path zip = workspace.root().resolve(EXPORT_ZIP);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(zip), 64 * 1024)) {
      DeterministicZip.write(entries, out);
    }
    return zip;
  }
}
