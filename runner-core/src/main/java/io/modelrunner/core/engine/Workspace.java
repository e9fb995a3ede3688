package io.modelrunner.core.engine;

import static org.apiguardian.api.API.Status.STABLE;

import java.nio.file.Path;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A run's folders: {@code input/} (holds {@code inputFile.json}; mounted read-only at {@code
 * /data/input}), {@code output/} ({@code /data/output}) and {@code log/} ({@code /data/log}).
 *
 * @param root the run's own folder, which contains the three others
 */
@API(status = STABLE, since = "0.1.0")
public record Workspace(Path root, Path input, Path output, Path log) {
  public Workspace {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(log, "log");
  }

  /** The standard layout under {@code root}. Creates nothing. */
  public static Workspace under(Path root) {
    return new Workspace(root, root.resolve("input"), root.resolve("output"), root.resolve("log"));
  }

  /** The file the model reads. */
  public Path inputFile() {
    return input.resolve("inputFile.json");
  }

  /** The file the engine streams the model's stdout and stderr to. */
  public Path containerLog() {
    return log.resolve("container.log");
  }
}
