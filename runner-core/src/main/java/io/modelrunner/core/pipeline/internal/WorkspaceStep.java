package io.modelrunner.core.pipeline.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.core.engine.Workspace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Creates a fresh workspace {@code <workRoot>/<runId>/} with {@code input/inputFile.json} (the
 * request's {@code configuration}, its keys and numbers as received), an empty {@code output/} and
 * an empty {@code log/}. On POSIX systems the root can be traversed but not listed by others
 * (0711), {@code input/} is read-only for others, and {@code output/} and {@code log/} are writable
 * by any user, so that a container running as a non-root user can write its results.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class WorkspaceStep {
  private final Path workRoot;
  private final ObjectMapper mapper = JsonMappers.standard();

  public WorkspaceStep(Path workRoot) {
    this.workRoot = Objects.requireNonNull(workRoot, "workRoot");
  }

  /**
   * The workspace of run {@code runId}: {@code <workRoot>/<runId>/} (absolute). Creates nothing.
   */
  public Workspace of(String runId) {
    return Workspace.under(workRoot.toAbsolutePath().resolve(runId));
  }

  public Workspace create(String runId, JsonNode configuration) throws IOException {
    Files.createDirectories(workRoot);
    Workspace workspace = of(runId);
    Files.createDirectory(workspace.root());
    Files.createDirectory(workspace.input());
    Files.createDirectory(workspace.output());
    Files.createDirectory(workspace.log());
    try (OutputStream out = Files.newOutputStream(workspace.inputFile())) {
      mapper.writeValue(out, configuration);
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(workspace.root(), PosixFilePermissions.fromString("rwx--x--x"));
      Files.setPosixFilePermissions(
          workspace.input(), PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(
          workspace.inputFile(), PosixFilePermissions.fromString("rw-r--r--"));
      Files.setPosixFilePermissions(
          workspace.output(), PosixFilePermissions.fromString("rwxrwxrwx"));
      Files.setPosixFilePermissions(workspace.log(), PosixFilePermissions.fromString("rwxrwxrwx"));
    }
    return workspace;
  }
}
