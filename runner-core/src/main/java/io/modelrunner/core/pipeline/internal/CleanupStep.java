package io.modelrunner.core.pipeline.internal;

import io.modelrunner.core.internal.FileTrees;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Deletes a workspace folder and everything in it, without following symbolic links (a link is
 * deleted, never what it points at).
 */
public final class CleanupStep {

  public void delete(Path root) throws IOException {
    FileTrees.delete(root);
  }
}
