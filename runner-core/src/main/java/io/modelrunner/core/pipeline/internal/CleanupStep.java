package io.modelrunner.core.pipeline.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.modelrunner.core.internal.FileTrees;
import java.io.IOException;
import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * Deletes a workspace folder and everything in it, without following symbolic links (a link is
 * deleted, never what it points at).
 */
@API(status = INTERNAL, since = "0.1.0")
public final class CleanupStep {

  public void delete(Path root) throws IOException {
    FileTrees.delete(root);
  }
}
