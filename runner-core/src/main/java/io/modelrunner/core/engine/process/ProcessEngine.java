package io.modelrunner.core.engine.process;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelEngine;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.internal.Hashing;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a model as a local process, under the same contract as a connector container but without its
 * sandbox: for development and the no-Docker quick start.
 *
 * <ul>
 *   <li>The command comes from {@link ModelLaunch#command()} (the models catalog); its first
 *       element is an executable path or a name looked up on {@code PATH}.
 *   <li>The folders are passed as environment variables {@code MODEL_INPUT_DIR}, {@code
 *       MODEL_OUTPUT_DIR} and {@code MODEL_LOG_DIR} (absolute paths); the working directory is the
 *       workspace root. The environment is otherwise minimal ({@code PATH}, {@code HOME}, {@code
 *       LANG}, {@code LC_ALL}, {@code TZ}, {@code TMPDIR} from the runner, plus the launch's own
 *       variables): the runner's secrets never reach the model.
 *   <li>stdout and stderr go, merged, to {@code log/container.log} as they come, capped at {@link
 *       io.modelrunner.core.engine.ExecutionLimits#logCapBytes()}.
 *   <li>On Linux each model runs in a session and process group of its own (started through {@code
 *       setsid}, which execs in place, so the model keeps the pid the runner started), and what
 *       runs is recorded beside the run's workspace, in {@code
 *       <workRoot>/.model-runner/processes/<runId>.json} (it survives the workspace): the pid, the
 *       process group id, the start time from {@code /proc/<pid>/stat} (a process that reuses the
 *       pid is never mistaken for the model), the boot id and the runner's own pid and start time.
 *       An earlier execution of the same run that a stopped runner left running is killed before
 *       the run starts again.
 *   <li>At the deadline, on cancel and when the engine {@linkplain #close() closes}, the model's
 *       whole process group gets SIGTERM, then SIGKILL after the kill grace; after the model exits,
 *       what is left of its group gets SIGKILL. Grandchildren whose parent died (reparented to
 *       init) are still in the group and die with it; a process that leaves the group on purpose
 *       ({@code setsid}, {@code setpgid}) escapes. Without {@code /proc} or {@code setsid} (not
 *       Linux), the process and its descendants are killed instead, and nothing is recorded.
 *   <li>A model cannot be {@linkplain #reattach reattached} after the runner stopped (its output
 *       went to a pipe that died with the runner): a restarted runner kills it ({@link #reattach},
 *       {@link #reapOrphans}).
 *   <li>Memory, CPU, pids, network and read-only-root limits are <em>not</em> enforced.
 * </ul>
 *
 * <p>The identity's id is {@code sha256:} + the SHA-256 over the command line and the content of
 * every element that names a regular file (the executable, a script), so a changed script gives a
 * new storage key.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ProcessEngine implements ModelEngine {
  /** The environment variables that name the workspace folders. */
  public static final String INPUT_DIR_ENV = "MODEL_INPUT_DIR";

  public static final String OUTPUT_DIR_ENV = "MODEL_OUTPUT_DIR";
  public static final String LOG_DIR_ENV = "MODEL_LOG_DIR";

  /** How long a model gets between SIGTERM and SIGKILL, by default. */
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(ProcessEngine.class);

  private static final Set<String> PASSED_THROUGH =
      Set.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "SYSTEMROOT");

  /** This runner's start time, recorded beside each model's. */
  private static final long RUNNER_START_TICKS =
      ProcStat.of(ProcessHandle.current().pid()).map(ProcStat::startTicks).orElse(0L);

  private static final List<String> SETSID_LOCATIONS =
      List.of("/usr/bin/setsid", "/bin/setsid", "/usr/sbin/setsid", "/sbin/setsid");

  /**
   * A process-group kill that ended the model of a run no runner supervises any more.
   *
   * @param runId the run whose workspace recorded the group
   * @param processGroup the process group id (the model's pid)
   * @param processes how many of its processes were running when it was killed
   */
  public record ReapedGroup(String runId, long processGroup, int processes) {}

  private final Map<String, String> hostEnvironment;
  private final Duration killGrace;
  private final Path setsid;
  private final Set<ProcessExecution> running = ConcurrentHashMap.newKeySet();

  /**
   * Held while a process record is written or deleted: deleting a record also deletes the records'
   * folder when it is left empty, which must not happen between another run creating that folder
   * and writing its record into it.
   */
  private final Object records = new Object();

  private volatile boolean closed;

  /** An engine whose models see the pass-through variables of this JVM's environment. */
  public ProcessEngine() {
    this(System.getenv());
  }

  /** An engine whose models see the pass-through variables of {@code hostEnvironment}. */
  public ProcessEngine(Map<String, String> hostEnvironment) {
    this(hostEnvironment, DEFAULT_KILL_GRACE);
  }

  /**
   * An engine whose models see the pass-through variables of {@code hostEnvironment} and get {@code
   * killGrace} between SIGTERM and SIGKILL.
   */
  public ProcessEngine(Map<String, String> hostEnvironment, Duration killGrace) {
    this.hostEnvironment = Map.copyOf(Objects.requireNonNull(hostEnvironment, "hostEnvironment"));
    this.killGrace = Objects.requireNonNull(killGrace, "killGrace");
    if (killGrace.isNegative()) {
      throw new IllegalArgumentException("killGrace must not be negative: " + killGrace);
    }
    this.setsid = ProcStat.available() ? findSetsid().orElse(null) : null;
    if (setsid == null) {
      LOG.warn(
          "No /proc or no setsid (util-linux) here: process models do not get a process group of"
              + " their own, so a grandchild whose parent died survives a kill, and a runner that"
              + " crashes leaves its models running");
    }
  }

  /**
   * Whether models run in process groups of their own (Linux with {@code setsid}), which lets the
   * engine kill all of a model's processes and find them again after a crash.
   */
  public boolean isolatesProcessGroups() {
    return setsid != null;
  }

  @Override
  public String name() {
    return "process";
  }

  @Override
  public ModelIdentity prepare(ModelLaunch launch) {
    if (launch.command().isEmpty()) {
      throw new EngineException(
          "model "
              + launch.slug()
              + " has no command for the process engine: add \"command\" to its models catalog"
              + " entry, or use the docker engine");
    }
    Path executable = findExecutable(launch.command().get(0));
    MessageDigest digest = Hashing.sha256();
    try {
      for (int i = 0; i < launch.command().size(); i++) {
        String part = launch.command().get(i);
        digest.update(part.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        Path file = i == 0 ? executable : Path.of(part);
        if (Files.isRegularFile(file)) {
          Hashing.update(digest, file);
        }
      }
    } catch (IOException | java.nio.file.InvalidPathException e) {
      throw new EngineException("cannot read the command of model " + launch.slug() + ": " + e, e);
    }
    return new ModelIdentity(
        name(),
        String.join(" ", launch.command()),
        "sha256:" + Hashing.hex(digest.digest()),
        null,
        null);
  }

  @Override
  public ModelExecution start(ExecutionRequest request, ModelIdentity identity) {
    ModelLaunch launch = request.launch();
    List<String> command = new ArrayList<>(launch.command());
    if (command.isEmpty()) {
      throw new EngineException("model " + launch.slug() + " has no command");
    }
    if (closed) {
      throw new EngineException("the process engine is closed: model " + launch.slug());
    }
    command.set(0, findExecutable(command.get(0)).toString());
    Path workRoot = ProcessRecord.workRootOf(request.workspace().root());
    if (setsid != null) {
      killEarlierExecution(request.runId(), workRoot);
    }
    List<String> argv = new ArrayList<>();
    if (setsid != null) {
      // a child of this JVM never leads a process group, so setsid makes the session and execs
      // in place: the pid the runner started is the model's, and leads the model's group
      argv.add(setsid.toString());
    }
    argv.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .directory(request.workspace().root().toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    Map<String, String> env = builder.environment();
    env.clear();
    hostEnvironment.forEach(
        (k, v) -> {
          if (PASSED_THROUGH.contains(k)) {
            env.put(k, v);
          }
        });
    env.putAll(launch.environment());
    env.put(INPUT_DIR_ENV, request.workspace().input().toAbsolutePath().toString());
    env.put(OUTPUT_DIR_ENV, request.workspace().output().toAbsolutePath().toString());
    env.put(LOG_DIR_ENV, request.workspace().log().toAbsolutePath().toString());
    env.put("MODEL_RUN_ID", request.runId());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new EngineException(
          "cannot start " + command.get(0) + " for model " + launch.slug() + ": " + e.getMessage(),
          e);
    }
    long startTicks = ProcStat.of(process.pid()).map(ProcStat::startTicks).orElse(-1L);
    ProcessGroup group = ProcessGroup.started(process, setsid != null, startTicks);
    ProcessRecord record =
        new ProcessRecord(
            request.runId(),
            process.pid(),
            process.pid(),
            startTicks,
            ProcStat.bootId(),
            ProcessHandle.current().pid(),
            RUNNER_START_TICKS);
    if (setsid != null) {
      try {
        writeRecord(record, workRoot);
      } catch (IOException | RuntimeException e) {
        group.kill();
        throw new EngineException(
            "cannot record the process of model "
                + launch.slug()
                + " in "
                + ProcessRecord.file(workRoot, request.runId())
                + " (it was killed): "
                + e.getMessage(),
            e);
      }
    }
    ProcessExecution execution =
        new ProcessExecution(
            process,
            group,
            request.workspace().containerLog(),
            request.limits().logCapBytes(),
            request.limits().deadline(),
            killGrace,
            ended -> {
              running.remove(ended);
              if (group.members().isEmpty()) {
                deleteRecord(record, workRoot);
              }
            });
    running.add(execution);
    if (closed) {
      execution.requestShutdown(); // closed meanwhile: it must not run unsupervised
    }
    return execution.startWatching();
  }

  /**
   * Before run {@code runId} starts (again): an earlier execution of it that a runner which stopped
   * left running is killed, so that two models never write one workspace. A restarted service runs
   * a run again from scratch when it had not recorded that the model started, and deletes its
   * workspace first; the record, beside the workspace, survives that.
   *
   * @throws EngineException when the run is executing under this engine or a runner that still runs
   */
  private void killEarlierExecution(String runId, Path workRoot) {
    Optional<ProcessRecord> earlier = ProcessRecord.read(workRoot, runId);
    if (earlier.isEmpty()) {
      return;
    }
    if (earlier.get().runnerAlive()) {
      boolean here = earlier.get().writtenByThisRunner();
      if (!here || supervised(earlier.get().pid()).isPresent()) {
        throw new EngineException(
            "run "
                + runId
                + " is already executing (pid "
                + earlier.get().pid()
                + (here ? ")" : ", started by runner process " + earlier.get().runnerPid() + ")"));
      }
    }
    Optional<ProcessGroup> group = ProcessGroup.recorded(earlier.get());
    if (group.isPresent()) {
      LOG.warn(
          "Run {}: an earlier execution (process group {}) that a runner which stopped left"
              + " running is killed before the run starts again",
          runId,
          group.get().id());
      group.get().terminate(killGrace);
    }
    deleteRecord(earlier.get(), workRoot);
  }

  private Optional<ProcessExecution> supervised(long pid) {
    String id = Long.toString(pid);
    return running.stream().filter(e -> e.id().equals(id)).findFirst();
  }

  /**
   * A process model cannot be reattached: its stdout and stderr went to a pipe that died with the
   * runner that started it. So when the process group recorded for the run (in {@code
   * <workRoot>/.model-runner/processes/<runId>.json}, which survives the workspace) still runs —
   * the same pid with the same start time, or processes left in its group — the whole group is
   * terminated (SIGTERM, then SIGKILL after the kill grace) and this waits until none of its
   * processes runs. Returns empty (the pipeline then fails the run with a platform error), except
   * for an execution this engine itself still supervises.
   */
  @Override
  public Optional<ModelExecution> reattach(ExecutionRequest request, ModelIdentity identity) {
    Path workRoot = ProcessRecord.workRootOf(request.workspace().root());
    Optional<ProcessRecord> record = ProcessRecord.read(workRoot, request.runId());
    if (record.isEmpty()) {
      LOG.info(
          "Run {}: no process recorded in {}; a process model cannot be reattached",
          request.runId(),
          ProcessRecord.file(workRoot, request.runId()));
      return Optional.empty();
    }
    if (record.get().writtenByThisRunner()) {
      Optional<ProcessExecution> mine = supervised(record.get().pid());
      if (mine.isPresent()) {
        return Optional.of(mine.get());
      }
    }
    Optional<ProcessGroup> group = ProcessGroup.recorded(record.get());
    if (group.isEmpty()) {
      LOG.info(
          "Run {}: its process model (pid {}) no longer runs; a process model cannot be"
              + " reattached",
          request.runId(),
          record.get().pid());
      deleteRecord(record.get(), workRoot);
      return Optional.empty();
    }
    int processes = group.get().members().size();
    LOG.warn(
        "Run {}: its process model (process group {}, {} process(es)) still runs after the runner"
            + " restarted, but a process model cannot be reattached: its output went to a pipe"
            + " that died with the previous runner. Killing the whole group; the run fails.",
        request.runId(),
        group.get().id(),
        processes);
    if (group.get().terminate(killGrace)) {
      deleteRecord(record.get(), workRoot);
    }
    return Optional.empty();
  }

  /**
   * Kills the process groups recorded under {@code workRoot} ({@code
   * .model-runner/processes/<runId>.json}) that still run and that no runner supervises: what a
   * restarted service does at start-up with the models a crashed one left. A group is killed when
   *
   * <ul>
   *   <li>the runner process that started it is gone: a process model cannot be reattached, so this
   *       holds for the runs in {@code liveRunIds} too (their resumption fails them, or runs them
   *       again); or
   *   <li>this runner process started it and its run is not in {@code liveRunIds}.
   * </ul>
   *
   * <p>A group that another runner process which still runs started is left alone. Each group gets
   * SIGTERM, then SIGKILL after the kill grace; this returns once none of their processes runs (or
   * after a bounded wait, logged). Never throws for a folder it cannot read: that is logged.
   *
   * @param liveRunIds the runs this runner resumes or runs
   * @return the groups killed
   */
  public List<ReapedGroup> reapOrphans(Path workRoot, Set<String> liveRunIds) {
    Objects.requireNonNull(workRoot, "workRoot");
    Objects.requireNonNull(liveRunIds, "liveRunIds");
    Path root = workRoot.toAbsolutePath();
    List<ProcessRecord> records;
    try {
      records = ProcessRecord.all(root);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot list {} for orphan process models: {}", root, e.toString());
      return List.of();
    }
    List<ReapedGroup> reaped = new ArrayList<>();
    List<ProcessGroup> groups = new ArrayList<>();
    List<ProcessRecord> killed = new ArrayList<>();
    for (ProcessRecord record : records) {
      boolean live = liveRunIds.contains(record.runId());
      if (record.runnerAlive()) {
        if (record.runnerPid() != ProcessHandle.current().pid()) {
          LOG.info(
              "Run {}: its process model belongs to runner process {}, which still runs: left"
                  + " alone",
              record.runId(),
              record.runnerPid());
          continue;
        }
        if (live) {
          continue;
        }
      }
      Optional<ProcessGroup> group = ProcessGroup.recorded(record);
      if (group.isEmpty()) {
        deleteRecord(record, root);
        continue;
      }
      int processes = group.get().members().size();
      LOG.warn(
          "Run {}: its process model (process group {}, {} process(es)) still runs, but {}:"
              + " killing the whole group",
          record.runId(),
          group.get().id(),
          processes,
          live
              ? "the runner that started it stopped, and a process model cannot be reattached"
              : "the run is not running here");
      groups.add(group.get());
      killed.add(record);
      reaped.add(new ReapedGroup(record.runId(), group.get().id(), processes));
    }
    if (!groups.isEmpty()) {
      ProcessGroup.terminate(groups, killGrace);
      for (int i = 0; i < groups.size(); i++) {
        if (groups.get(i).members().isEmpty()) {
          deleteRecord(killed.get(i), root);
        }
      }
    }
    return reaped;
  }

  /**
   * Stops this engine: no model starts any more, and the models still running are terminated
   * (SIGTERM, then SIGKILL after the kill grace, the whole process group) rather than left to run
   * unsupervised — their outcome is a platform error. Returns once they are gone (or after a
   * bounded wait). Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    List<ProcessExecution> left = List.copyOf(running);
    if (left.isEmpty()) {
      return;
    }
    LOG.warn(
        "The process engine closes with {} model(s) still running: terminating them", left.size());
    Duration max = killGrace.plus(ProcessGroup.KILL_WAIT).plusSeconds(10);
    try {
      for (ProcessExecution execution : left) {
        execution.requestShutdown();
      }
      for (ProcessExecution execution : left) {
        execution.await(max);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Optional<Path> findSetsid() {
    for (String location : SETSID_LOCATIONS) {
      Path path = Path.of(location);
      if (Files.isRegularFile(path) && Files.isExecutable(path)) {
        return Optional.of(path);
      }
    }
    try {
      return Optional.of(findExecutable("setsid"));
    } catch (EngineException e) {
      return Optional.empty();
    }
  }

  private Path findExecutable(String name) {
    if (name.contains("/") || name.contains(File.separator)) {
      Path path = Path.of(name).toAbsolutePath();
      if (Files.isRegularFile(path) && Files.isExecutable(path)) {
        return path;
      }
      throw new EngineException("command not found or not executable: " + path);
    }
    String searchPath =
        Optional.ofNullable(hostEnvironment.get("PATH")).orElse("/usr/local/bin:/usr/bin:/bin");
    for (String dir : searchPath.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new EngineException("command not found on PATH: " + name);
  }

  private static File nullDevice() {
    return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  private void writeRecord(ProcessRecord record, Path workRoot) throws IOException {
    synchronized (records) {
      record.write(workRoot);
    }
  }

  private void deleteRecord(ProcessRecord record, Path root) {
    synchronized (records) {
      record.delete(root);
    }
  }
}
