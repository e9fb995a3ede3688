package io.modelrunner.conformance.connector;

import static org.apiguardian.api.API.Status.STABLE;

import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.conformance.connector.ConnectorTarget.Engine;
import io.modelrunner.core.catalog.CatalogSchemas;
import io.modelrunner.core.catalog.ContractSchema;
import io.modelrunner.core.catalog.ModelContract;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.catalog.ResolvedModel;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ModelLaunch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Builds a {@link ConnectorTarget}: start from {@link #image}, {@link #command} or {@link
 * #catalogEntry}, change what differs from the defaults, {@link #build()}. Defaults: the limits of
 * the catalog entry (else the runner's), a deadline of {@value #DEFAULT_DEADLINE_TEXT} per run, the
 * built-in input and output schemas (else the entry's), the built-in epidemic example as the valid
 * input when the input schema is the built-in one, {@code {}} as the invalid input, a grace of 5 s.
 */
@API(status = STABLE, since = "0.1.0")
public final class ConnectorTargetBuilder {
  private static final String DEFAULT_DEADLINE_TEXT = "2 minutes";

  private final SchemaValidator validator = new SchemaValidator();
  private Engine engine;
  private String slug = "check";
  private String image;
  private List<String> command = List.of();
  private final Map<String, String> environment = new HashMap<>();
  private ExecutionLimits limits = ExecutionLimits.defaults();
  private Duration deadline = ConnectorTarget.DEFAULT_DEADLINE;
  private ModelContract contract;
  private String validInput;
  private String invalidInput = ConnectorTarget.DEFAULT_INVALID_INPUT;
  private boolean stochastic;
  private Duration grace = ConnectorTarget.DEFAULT_GRACE;

  private ConnectorTargetBuilder() {
    this.contract = CatalogSchemas.builtIn(validator).defaultContract(null);
  }

  /** A connector image, run by the Docker engine. */
  public static ConnectorTargetBuilder image(String image) {
    ConnectorTargetBuilder builder = new ConnectorTargetBuilder();
    builder.image = Objects.requireNonNull(image, "image");
    builder.engine = Engine.DOCKER;
    return builder;
  }

  /** A command line, run by the process engine (in the run's workspace: give absolute paths). */
  public static ConnectorTargetBuilder command(String... command) {
    ConnectorTargetBuilder builder = new ConnectorTargetBuilder();
    builder.command = List.of(command);
    builder.engine = Engine.PROCESS;
    return builder;
  }

  /**
   * Entry {@code slug} of a models catalog: its image (Docker engine) or else its command (process
   * engine), environment, limits and schemas.
   *
   * @throws io.modelrunner.core.catalog.CatalogException when the catalog cannot be loaded
   * @throws IllegalArgumentException when it has no such entry
   */
  public static ConnectorTargetBuilder catalogEntry(Path catalog, String slug) {
    ConnectorTargetBuilder builder = new ConnectorTargetBuilder();
    ModelsCatalog models =
        ModelsCatalog.load(
            catalog, ExecutionLimits.defaults(), CatalogSchemas.builtIn(builder.validator));
    ResolvedModel model =
        models
            .entry(slug)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "models catalog "
                            + catalog
                            + " has no model \""
                            + slug
                            + "\"; it has "
                            + models.slugs()));
    ModelLaunch launch = model.launch();
    builder.slug = slug;
    builder.image = launch.image();
    builder.command = launch.command();
    builder.environment.putAll(launch.environment());
    builder.limits = model.limits();
    builder.deadline =
        model.limits().deadline().compareTo(ConnectorTarget.DEFAULT_DEADLINE) < 0
            ? model.limits().deadline()
            : ConnectorTarget.DEFAULT_DEADLINE;
    builder.contract = model.contract();
    builder.engine = builder.image != null ? Engine.DOCKER : Engine.PROCESS;
    return builder;
  }

  /** Runs it with the process engine (a catalog entry's command). */
  public ConnectorTargetBuilder onProcessEngine() {
    this.engine = Engine.PROCESS;
    return this;
  }

  /** Runs it with {@code value}'s engine. */
  public ConnectorTargetBuilder engine(Engine value) {
    this.engine = Objects.requireNonNull(value, "value");
    return this;
  }

  /** Another image than the catalog entry's (the engine stays as chosen). */
  public ConnectorTargetBuilder withImage(String value) {
    this.image = Objects.requireNonNull(value, "value");
    return this;
  }

  /** Another command line than the catalog entry's (the engine stays as chosen). */
  public ConnectorTargetBuilder withCommand(List<String> value) {
    this.command = List.copyOf(value);
    return this;
  }

  /** The input schema, as the catalog entry (or the built-in default) gives it. */
  public ContractSchema inputSchema() {
    return contract.input();
  }

  /** A configuration it accepts, as JSON text. */
  public ConnectorTargetBuilder input(String json) {
    this.validInput = Objects.requireNonNull(json, "json");
    return this;
  }

  /** A configuration it accepts, read from {@code file}. */
  public ConnectorTargetBuilder input(Path file) {
    return input(read(file));
  }

  /** A configuration it must refuse, as JSON text. */
  public ConnectorTargetBuilder invalidInput(String json) {
    this.invalidInput = Objects.requireNonNull(json, "json");
    return this;
  }

  /** Its input schema: a built-in name, a file path, a URL, or {@code none}. */
  public ConnectorTargetBuilder inputSchema(String nameOrLocation) {
    this.contract = new ModelContract(schema(nameOrLocation), contract.output());
    return this;
  }

  /** Its output schema: a built-in name, a file path, a URL, or {@code none}. */
  public ConnectorTargetBuilder outputSchema(String nameOrLocation) {
    this.contract = new ModelContract(contract.input(), schema(nameOrLocation));
    return this;
  }

  /** An environment variable it gets. */
  public ConnectorTargetBuilder environment(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** The same input may give another output: a difference is a warning. */
  public ConnectorTargetBuilder stochastic() {
    this.stochastic = true;
    return this;
  }

  /** How long it may take to stop after SIGTERM. */
  public ConnectorTargetBuilder grace(Duration value) {
    this.grace = Objects.requireNonNull(value, "value");
    return this;
  }

  /** The deadline of each run. */
  public ConnectorTargetBuilder deadline(Duration value) {
    this.deadline = Objects.requireNonNull(value, "value");
    return this;
  }

  /**
   * The target.
   *
   * @throws IllegalStateException when no valid input was given and the model's input schema is not
   *     the built-in one
   */
  public ConnectorTarget build() {
    String valid = validInput;
    if (valid == null) {
      if (contract.input().builtIn().filter(SchemaName.INPUT::equals).isEmpty()) {
        throw new IllegalStateException(
            "the model declares its own input schema ("
                + contract.input().source()
                + "): give a valid input");
      }
      valid = ConnectorInputs.epidemicExample();
    }
    return new ConnectorTarget(
        engine,
        new ModelLaunch(slug, image, command, environment),
        limits.withDeadline(deadline),
        contract.input(),
        contract.output(),
        valid,
        invalidInput,
        stochastic,
        grace);
  }

  private ContractSchema schema(String nameOrLocation) {
    return ContractSchema.NONE.equals(nameOrLocation)
        ? ContractSchema.none()
        : ContractSchema.of(nameOrLocation, validator.resolve(nameOrLocation));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the input " + file, e);
    }
  }
}
