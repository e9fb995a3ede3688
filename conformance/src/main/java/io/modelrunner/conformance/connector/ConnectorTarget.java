package io.modelrunner.conformance.connector;

import static org.apiguardian.api.API.Status.STABLE;

import io.modelrunner.core.catalog.ContractSchema;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ModelLaunch;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The connector to check and how.
 *
 * @param engine which of runner-core's engines runs it
 * @param launch the image (Docker) or the command line (process), and its environment
 * @param limits the limits each run gets (the deadline is per run); the check itself forces the
 *     sandbox (read-only root, no network, a non-root user) on the Docker engine
 * @param inputSchema what the model's valid input must match, and the invalid one must break
 *     ({@linkplain ContractSchema#none() none}: not checked)
 * @param outputSchema what its {@code data.json} must match (none: only JSON)
 * @param validInput a configuration it must accept, as JSON text
 * @param invalidInput a configuration it must refuse, as JSON text
 * @param stochastic whether the author declares that the same input may give another output: a
 *     difference is then a warning
 * @param grace how long it may take to stop after SIGTERM
 */
@API(status = STABLE, since = "0.1.0")
public record ConnectorTarget(
    Engine engine,
    ModelLaunch launch,
    ExecutionLimits limits,
    ContractSchema inputSchema,
    ContractSchema outputSchema,
    String validInput,
    String invalidInput,
    boolean stochastic,
    Duration grace) {

  /** The default grace after SIGTERM: the process engine's kill grace. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

  /** The default deadline of each run of a check. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(2);

  /** The invalid input sent when none is given: an empty object. */
  public static final String DEFAULT_INVALID_INPUT = "{}";

  /** The engines a connector can be checked on. */
  public enum Engine {
    DOCKER,
    PROCESS;

    /** What the CLI calls it. */
    public String cliName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code docker} or {@code process}.
     *
     * @throws IllegalArgumentException naming the engines there are (and why not {@code slurm})
     */
    public static Engine parse(String name) {
      String n = name.strip().toLowerCase(Locale.ROOT);
      return switch (n) {
        case "docker" -> DOCKER;
        case "process" -> PROCESS;
        case "slurm" ->
            throw new IllegalArgumentException(
                "the check does not submit Slurm jobs: the Slurm engine runs the same image"
                    + " under the same connector contract, so check it with --engine docker (or"
                    + " its catalog command with --engine process)");
        default ->
            throw new IllegalArgumentException(
                "unknown engine \"" + name + "\": choose docker or process");
      };
    }
  }

  public ConnectorTarget {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(launch, "launch");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(inputSchema, "inputSchema");
    Objects.requireNonNull(outputSchema, "outputSchema");
    Objects.requireNonNull(validInput, "validInput");
    Objects.requireNonNull(invalidInput, "invalidInput");
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative() || grace.isZero()) {
      throw new IllegalArgumentException("grace must be positive, got " + grace);
    }
    if (engine == Engine.DOCKER && (launch.image() == null || launch.image().isBlank())) {
      throw new IllegalArgumentException("the Docker engine needs an image");
    }
    if (engine == Engine.PROCESS && launch.command().isEmpty()) {
      throw new IllegalArgumentException("the process engine needs a command");
    }
  }

  /** What the report names as its subject. */
  public String subject() {
    return engine == Engine.DOCKER
        ? "connector image " + launch.image()
        : "connector command " + String.join(" ", launch.command());
  }
}
