package io.modelrunner.core.engine.process;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
 *   <li>At the deadline, or on cancel, the process and all its descendants are killed.
 *   <li>Memory, CPU, pids, network and read-only-root limits are <em>not</em> enforced.
 * </ul>
 *
 * <p>The identity's id is {@code sha256:} + the SHA-256 over the command line and the content of
 * every element that names a regular file (the executable, a script), so a changed script gives a
 * new storage key.
 */
public final class ProcessEngine implements ModelEngine {
  /** The environment variables that name the workspace folders. */
  public static final String INPUT_DIR_ENV = "MODEL_INPUT_DIR";

  public static final String OUTPUT_DIR_ENV = "MODEL_OUTPUT_DIR";
  public static final String LOG_DIR_ENV = "MODEL_LOG_DIR";

  private static final Set<String> PASSED_THROUGH =
      Set.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "SYSTEMROOT");

  private final Map<String, String> hostEnvironment;

  /** An engine whose models see the pass-through variables of this JVM's environment. */
  public ProcessEngine() {
    this(System.getenv());
  }

  /** An engine whose models see the pass-through variables of {@code hostEnvironment}. */
  public ProcessEngine(Map<String, String> hostEnvironment) {
    this.hostEnvironment = Map.copyOf(Objects.requireNonNull(hostEnvironment, "hostEnvironment"));
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
    command.set(0, findExecutable(command.get(0)).toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
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
    return new ProcessExecution(
        process,
        request.workspace().containerLog(),
        request.limits().logCapBytes(),
        request.limits().deadline());
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
}
