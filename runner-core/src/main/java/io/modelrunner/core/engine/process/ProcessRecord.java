package io.modelrunner.core.engine.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;

/**
 * What runs for a process-engine run, written to {@code <workspace>/.model-runner/process.json}
 * (outside {@code input/}, {@code output/} and {@code log/}, so never collected, exported or
 * stored) as soon as the model is started, so that a runner that restarts after a crash can find
 * the model's process group and kill it.
 *
 * @param runId the run
 * @param pid the model's process id, which leads its own session and process group
 * @param processGroup the process group id (the pid, as the model leads its group)
 * @param startTicks the model's start time from {@code /proc/<pid>/stat}: a process with the same
 *     pid but another start time is not the model
 * @param bootId the boot the model started in: after a reboot nothing recorded runs
 * @param runnerPid the runner process (JVM) that started the model
 * @param runnerStartTicks the runner's start time, to tell a live runner from a reused pid
 */
record ProcessRecord(
    String runId,
    long pid,
    long processGroup,
    long startTicks,
    String bootId,
    long runnerPid,
    long runnerStartTicks) {
  /** The folder in the workspace root that holds the record. */
  static final String FOLDER = ".model-runner";

  /** The record's file name. */
  static final String FILE = "process.json";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  ProcessRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(bootId, "bootId");
  }

  /** {@code <workspaceRoot>/.model-runner/process.json}. */
  static Path fileIn(Path workspaceRoot) {
    return workspaceRoot.resolve(FOLDER).resolve(FILE);
  }

  /** Writes the record atomically (a reader sees the whole record or none), owner-only. */
  void write(Path workspaceRoot) throws IOException {
    Path folder = workspaceRoot.resolve(FOLDER);
    Files.createDirectories(folder);
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (posix) {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    }
    ObjectNode json = MAPPER.createObjectNode();
    json.put("runId", runId);
    json.put("pid", pid);
    json.put("processGroup", processGroup);
    json.put("startTicks", startTicks);
    json.put("bootId", bootId);
    json.put("runnerPid", runnerPid);
    json.put("runnerStartTicks", runnerStartTicks);
    Path tmp = folder.resolve(FILE + ".tmp");
    Files.write(tmp, MAPPER.writeValueAsBytes(json));
    try {
      Files.move(tmp, folder.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, folder.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * The record in {@code workspaceRoot}; empty when there is none (never a symbolic link) or it
   * cannot be read as one.
   */
  static Optional<ProcessRecord> read(Path workspaceRoot) {
    Path file = fileIn(workspaceRoot);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      JsonNode json = MAPPER.readTree(Files.readAllBytes(file));
      if (json == null
          || !json.path("runId").isTextual()
          || !json.path("pid").canConvertToLong()
          || !json.path("processGroup").canConvertToLong()
          || !json.path("startTicks").canConvertToLong()) {
        return Optional.empty();
      }
      long pid = json.path("pid").asLong();
      long group = json.path("processGroup").asLong();
      if (pid <= 1 || group <= 1) {
        return Optional.empty(); // never init, never "every process" (kill -1)
      }
      return Optional.of(
          new ProcessRecord(
              json.path("runId").asText(),
              pid,
              group,
              json.path("startTicks").asLong(),
              json.path("bootId").asText(""),
              json.path("runnerPid").asLong(0),
              json.path("runnerStartTicks").asLong(0)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Deletes the record of {@code workspaceRoot}, if any. Never throws. */
  static void delete(Path workspaceRoot) {
    try {
      Files.deleteIfExists(fileIn(workspaceRoot));
      Files.deleteIfExists(workspaceRoot.resolve(FOLDER));
    } catch (IOException | RuntimeException e) {
      // best effort: a stale record names a dead group, which is never mistaken for a live one
    }
  }

  /** Whether the runner that started the model still runs (same pid, same start time). */
  boolean runnerAlive() {
    if (runnerPid <= 0 || !bootId.equals(ProcStat.bootId())) {
      return false;
    }
    return ProcStat.of(runnerPid)
        .filter(s -> s.running() && s.startTicks() == runnerStartTicks)
        .isPresent();
  }
}
