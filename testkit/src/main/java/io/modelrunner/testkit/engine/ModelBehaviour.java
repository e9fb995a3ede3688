package io.modelrunner.testkit.engine;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * What a model does in a {@link ModelEngineContract} test: a small closed set that every engine
 * subclass maps to a model of its own (a shell script in a busybox image, an {@code sh -c} command,
 * an adapter's Java model). The model reads {@code input/inputFile.json}; the files it writes are
 * named by the constants of {@link ModelEngineContract}.
 */
@API(status = STABLE, since = "0.1.0")
public sealed interface ModelBehaviour {

  /**
   * Prints {@value ModelEngineContract#STDOUT_LINE} to stdout and {@value
   * ModelEngineContract#STDERR_LINE} to stderr, writes {@code output/data.json} as {@code {"input":
   * <the input file's JSON>}} and exits 0.
   */
  record Succeed() implements ModelBehaviour {}

  /** Prints {@code message} to stderr and exits with {@code exitCode} (1 to 125). */
  record Fail(int exitCode, String message) implements ModelBehaviour {
    public Fail {
      if (exitCode < 1 || exitCode > 125) {
        throw new IllegalArgumentException("exit code must be 1 to 125: " + exitCode);
      }
    }
  }

  /** Writes {@code output/started}, then runs until it is killed. */
  record RunUntilKilled() implements ModelBehaviour {}

  /**
   * Writes {@code output/started}, waits until a file {@code release} appears in its input folder
   * (the test writes it), then does what {@link Succeed} does.
   */
  record SucceedWhenReleased() implements ModelBehaviour {}

  /** Prints {@code bytes} bytes of text lines to stdout, then exits 0. */
  record Print(long bytes) implements ModelBehaviour {}

  /** Allocates and touches {@code bytes} bytes of memory, then exits 0. */
  record AllocateMemory(long bytes) implements ModelBehaviour {}
}
