package io.modelrunner.core.pipeline.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.modelrunner.core.engine.Workspace;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Zips the job's {@code input/inputFile.json}, the collected {@code output/} files and the regular
 * files of {@code log/} (symbolic links skipped) into {@code export.zip} beside the three folders,
 * with {@link DeterministicZip}: the same files give the same bytes. Compressed entries are staged
 * in the workspace root (so a crash leaves them where the workspace's cleanup deletes them); a
 * failed export leaves neither staging files nor a partial {@code export.zip}.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ExportStep {
  /** The export's file name in the workspace root. */
  public static final String EXPORT_ZIP = "export.zip";

  private final DeterministicZip zip;

  /**
   * @param pool the threads that compress entries, shared by every export of the pipeline
   */
  public ExportStep(DeflatePool pool) {
    this.zip = new DeterministicZip(pool);
  }

  public Path export(Workspace workspace, CollectedOutput output)
      throws IOException, InterruptedException {
    List<OutputEntry> entries = new ArrayList<>();
    entries.add(new OutputEntry("input/inputFile.json", workspace.inputFile()));
    for (OutputEntry file : output.files()) {
      entries.add(new OutputEntry("output/" + file.name(), file.file()));
    }
    for (OutputEntry log : TreeScan.scan(workspace.log()).files()) {
      entries.add(new OutputEntry("log/" + log.name(), log.file()));
    }
    Path target = workspace.root().resolve(EXPORT_ZIP);
    boolean written = false;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 64 * 1024)) {
      zip.write(entries, workspace.root(), out);
      written = true;
    } finally {
      if (!written) {
        Files.deleteIfExists(target);
      }
    }
    return target;
  }
}
