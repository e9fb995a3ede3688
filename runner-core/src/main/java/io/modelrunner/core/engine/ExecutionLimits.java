package io.modelrunner.core.engine;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The sandbox of one model execution. The defaults are secure: no network, a read-only root file
 * system (with a writable {@code /tmp} tmpfs), all capabilities dropped, {@code no-new-privileges},
 * and bounded memory, CPU, processes, time and log size. A models catalog entry may override them
 * per model.
 *
 * @param deadline wall-clock time the model may run before it is killed
 * @param memoryBytes memory limit (swap included)
 * @param nanoCpus CPU limit in billionths of a CPU (1_000_000_000 = one CPU)
 * @param pidsLimit maximum number of processes and threads
 * @param logCapBytes stdout and stderr beyond this many bytes are dropped, and a marker line is
 *     written
 * @param tmpfsBytes size of the writable {@code /tmp}
 * @param network whether the container gets a network (default: none)
 * @param readOnlyRootFs whether the root file system is read-only (default: yes)
 * @param user the user (uid[:gid]) to run as, or null for the image's default
 */
@API(status = MAINTAINED, since = "0.1.0")
public record ExecutionLimits(
    Duration deadline,
    long memoryBytes,
    long nanoCpus,
    long pidsLimit,
    long logCapBytes,
    long tmpfsBytes,
    boolean network,
    boolean readOnlyRootFs,
    String user) {

  public static final Duration DEFAULT_DEADLINE = Duration.ofHours(2);
  public static final long DEFAULT_MEMORY_BYTES = 2L << 30;
  public static final long DEFAULT_NANO_CPUS = 1_000_000_000L;
  public static final long DEFAULT_PIDS_LIMIT = 256;
  public static final long DEFAULT_LOG_CAP_BYTES = 100L * 1024 * 1024;
  public static final long DEFAULT_TMPFS_BYTES = 64L * 1024 * 1024;

  public ExecutionLimits {
    Objects.requireNonNull(deadline, "deadline");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive: " + deadline);
    }
    if (memoryBytes <= 0 || nanoCpus <= 0 || pidsLimit <= 0 || logCapBytes < 0 || tmpfsBytes <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  /** The secure defaults. */
  public static ExecutionLimits defaults() {
    return new ExecutionLimits(
        DEFAULT_DEADLINE,
        DEFAULT_MEMORY_BYTES,
        DEFAULT_NANO_CPUS,
        DEFAULT_PIDS_LIMIT,
        DEFAULT_LOG_CAP_BYTES,
        DEFAULT_TMPFS_BYTES,
        false,
        true,
        null);
  }

  public ExecutionLimits withDeadline(Duration value) {
    return new ExecutionLimits(
        value,
        memoryBytes,
        nanoCpus,
        pidsLimit,
        logCapBytes,
        tmpfsBytes,
        network,
        readOnlyRootFs,
        user);
  }

  public ExecutionLimits withMemoryBytes(long value) {
    return new ExecutionLimits(
        deadline,
        value,
        nanoCpus,
        pidsLimit,
        logCapBytes,
        tmpfsBytes,
        network,
        readOnlyRootFs,
        user);
  }

  public ExecutionLimits withLogCapBytes(long value) {
    return new ExecutionLimits(
        deadline,
        memoryBytes,
        nanoCpus,
        pidsLimit,
        value,
        tmpfsBytes,
        network,
        readOnlyRootFs,
        user);
  }
}
