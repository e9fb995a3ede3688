package io.modelrunner.core.engine.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What runs for a process-engine run, written as soon as the model is started to {@code
 * <workRoot>/.model-runner/processes/<runId>.json} — beside the run's workspace {@code
 * <workRoot>/<runId>/}, not in it: never collected, exported or stored, and still there when the
 * workspace is deleted (a restarted service deletes the stale workspace of a run it runs again from
 * scratch; an operator may delete one), so that a runner that restarts after a crash can always
 * find the model's process group and kill it.
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
  /** The folder in the work root that holds the records: never a run id. */
  static final String FOLDER = ".model-runner";

  /** Its subfolder of process records, one {@code <runId>.json} per run. */
  static final String PROCESSES = "processes";

  private static final String SUFFIX = ".json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  ProcessRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(bootId, "bootId");
  }

  /** The folder of the records under {@code workRoot}. */
  static Path folderIn(Path workRoot) {
    return workRoot.resolve(FOLDER).resolve(PROCESSES);
  }

  /**
   * {@code <workRoot>/.model-runner/processes/<runId>.json}; characters of the run id other than
   * letters, digits, {@code _}, {@code -} and a {@code .} not in front are written {@code %XX}.
   */
  static Path file(Path workRoot, String runId) {
    StringBuilder name = new StringBuilder();
    for (byte b : runId.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || (c == '.' && name.length() > 0)) {
        name.append((char) c);
      } else {
        name.append('%').append(String.format("%02X", c));
      }
    }
    return folderIn(workRoot).resolve(name + SUFFIX);
  }

  /** The work root of a run whose workspace is {@code workspaceRoot}: its parent folder. */
  static Path workRootOf(Path workspaceRoot) {
    Path absolute = workspaceRoot.toAbsolutePath();
    return absolute.getParent() == null ? absolute : absolute.getParent();
  }

  /**
   * Writes the record atomically (a reader sees the whole record or none) in an owner-only folder.
   */
  void write(Path workRoot) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        writeOnce(workRoot);
        return;
      } catch (NoSuchFileException e) {
        if (attempt == 3) {
          throw e; // the folder keeps vanishing (deleted when another run's record was)
        }
      }
    }
  }

  private void writeOnce(Path workRoot) throws IOException {
    Path folder = folderIn(workRoot);
    Files.createDirectories(folder);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(
          workRoot.resolve(FOLDER), PosixFilePermissions.fromString("rwx------"));
    }
    ObjectNode json = MAPPER.createObjectNode();
    json.put("runId", runId);
    json.put("pid", pid);
    json.put("processGroup", processGroup);
    json.put("startTicks", startTicks);
    json.put("bootId", bootId);
    json.put("runnerPid", runnerPid);
    json.put("runnerStartTicks", runnerStartTicks);
    Path target = file(workRoot, runId);
    Path tmp = target.resolveSibling(target.getFileName() + "." + pid + ".tmp");
    Files.write(tmp, MAPPER.writeValueAsBytes(json));
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The record of run {@code runId} under {@code workRoot}, if any. */
  static Optional<ProcessRecord> read(Path workRoot, String runId) {
    return readFile(file(workRoot, runId)).filter(r -> r.runId().equals(runId));
  }

  /** Every record under {@code workRoot}; those that cannot be read are skipped. */
  static List<ProcessRecord> all(Path workRoot) throws IOException {
    Path folder = folderIn(workRoot);
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    List<ProcessRecord> records = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
      for (Path file : files) {
        readFile(file).ifPresent(records::add);
      }
    }
    return records;
  }

  /** The record in {@code file}; empty when none (never a symbolic link) or unreadable. */
  private static Optional<ProcessRecord> readFile(Path file) {
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

  /**
   * Deletes this record under {@code workRoot}, unless another process of the same run was recorded
   * since, and the folders of the records when they are left empty (a work root without runs is
   * empty). Never throws.
   */
  void delete(Path workRoot) {
    try {
      if (read(workRoot, runId).map(r -> r.pid() == pid).orElse(false)) {
        Files.deleteIfExists(file(workRoot, runId));
      }
      Files.deleteIfExists(folderIn(workRoot));
      Files.deleteIfExists(workRoot.resolve(FOLDER));
    } catch (IOException | RuntimeException e) {
      // best effort: another record is there (DirectoryNotEmptyException), or a stale record is
      // left, which names a dead group, never mistaken for a live one
    }
  }

  /** Whether this record was written by the current runner process. */
  boolean writtenByThisRunner() {
    return runnerPid == ProcessHandle.current().pid() && runnerAlive();
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
