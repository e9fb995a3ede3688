package io.modelrunner.app.cli;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.SchemaLoadException;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.connector.ConnectorCheck;
import io.modelrunner.conformance.connector.ConnectorCheckException;
import io.modelrunner.conformance.connector.ConnectorTarget;
import io.modelrunner.conformance.connector.ConnectorTarget.Engine;
import io.modelrunner.conformance.connector.ConnectorTargetBuilder;
import io.modelrunner.core.catalog.CatalogException;
import io.modelrunner.core.catalog.ContractSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code model-runner check connector IMAGE} / {@code --command "…"}: runs a connector for real
 * through the Docker or process engine, several times, and reports each clause of
 * docs/connector-contract.md.
 */
@Command(
    name = "connector",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs a connector image (Docker engine) or command (process engine) for real, several times"
          + " (a valid input, a rerun, no input file, an invalid input, a SIGTERM), and judges"
          + " every clause of docs/connector-contract.md; prints a table with the evidence of each"
          + " failure.",
      "Exit 0 when every MUST clause passes; 1 when one fails; 2 on usage errors or when the"
          + " connector cannot be run at all (engine unreachable, image or command missing)."
    })
final class CheckConnectorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "IMAGE",
      description = "The connector image (Docker engine).")
  String image;

  @Option(
      names = "--command",
      paramLabel = "COMMAND",
      description =
          "The connector's command line (process engine), split at spaces, e.g. \"python3"
              + " ./model.py\"; relative paths with a / are made absolute (the command starts in"
              + " the run's workspace). For arguments with spaces use a catalog entry.")
  String command;

  @Option(
      names = "--model-catalog-entry",
      paramLabel = "CATALOG#SLUG",
      description =
          "Take image, command, environment, limits and schemas from entry SLUG of models catalog"
              + " file CATALOG, e.g. examples/models.json#energy. IMAGE and --command override"
              + " its image and command.")
  String catalogEntry;

  @Option(
      names = "--engine",
      paramLabel = "ENGINE",
      description =
          "docker or process (default: docker when there is an image, else process). A model"
              + " for the Slurm engine is checked on docker: it runs the same image.")
  String engine;

  @Option(
      names = "--input",
      paramLabel = "FILE[#/POINTER]",
      description =
          "A configuration the model accepts; a JSON pointer after # takes a part of the file,"
              + " e.g. examples/energy-request.json#/configuration. Default: the built-in epidemic"
              + " example, when the model uses the built-in input schema; required otherwise.")
  String input;

  @Option(
      names = "--invalid-input",
      paramLabel = "FILE[#/POINTER]",
      description =
          "A configuration the model must refuse (default: {}). When it matches the model's input"
              + " schema, C-EXIT-2 is skipped.")
  String invalidInput;

  @Option(
      names = "--output-schema",
      paramLabel = "SCHEMA",
      description =
          "What data.json must match: a built-in name (output), a file, a URL, or none. Default:"
              + " the catalog entry's, else the built-in output schema.")
  String outputSchema;

  @Option(
      names = "--stochastic",
      description =
          "The model may give another output for the same input: a difference is a warning.")
  boolean stochastic;

  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      description = "How long it may take to stop after SIGTERM (ISO-8601; default: PT5S).")
  Duration grace = ConnectorTarget.DEFAULT_GRACE;

  @Option(
      names = "--deadline",
      paramLabel = "DURATION",
      description =
          "The deadline of each run (ISO-8601; default: PT2M, or the catalog entry's when"
              + " shorter).")
  Duration deadline;

  @Mixin CheckReportOutput output;

  @Override
  public Integer call() throws InterruptedException {
    SchemaValidator validator = new SchemaValidator();
    ConnectorTarget target = target();
    Path scratch = Path.of(System.getProperty("java.io.tmpdir"), "model-runner-check");
    CheckReport report;
    try {
      report = new ConnectorCheck(System.getenv(), scratch, validator).check(target);
    } catch (ConnectorCheckException e) {
      throw new UserErrorException(e.getMessage(), e);
    }
    return output.print(report, spec);
  }

  /**
   * What the options say to check.
   *
   * @throws UserErrorException when they do not say it (no connector, a bad catalog entry, an
   *     unknown engine, a schema or input that cannot be read)
   */
  ConnectorTarget target() {
    List<String> commandLine =
        command == null
            ? List.of()
            : Arrays.stream(command.strip().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .map(CheckConnectorCommand::absoluteIfAFile)
                .toList();
    if (grace.isNegative()
        || grace.isZero()
        || deadline != null && (deadline.isNegative() || deadline.isZero())) {
      throw new UserErrorException("--grace and --deadline must be positive", null);
    }
    try {
      ConnectorTargetBuilder builder = builder(commandLine);
      if (engine != null) {
        builder.engine(Engine.parse(engine));
      }
      if (input != null) {
        builder.input(read(input));
      }
      if (invalidInput != null) {
        builder.invalidInput(read(invalidInput));
      }
      if (outputSchema != null) {
        builder.outputSchema(outputSchema);
      }
      if (stochastic) {
        builder.stochastic();
      }
      if (deadline != null) {
        builder.deadline(deadline);
      }
      return builder.grace(grace).build();
    } catch (IllegalStateException e) {
      throw new UserErrorException(
          e.getMessage().replace("give a valid input", "give a valid input with --input FILE"), e);
    } catch (IllegalArgumentException | CatalogException | SchemaLoadException e) {
      throw new UserErrorException(e.getMessage(), e);
    }
  }

  private ConnectorTargetBuilder builder(List<String> commandLine) {
    if (catalogEntry == null) {
      if (image == null && commandLine.isEmpty()) {
        throw new UserErrorException("give an IMAGE, --command or --model-catalog-entry", null);
      }
      ConnectorTargetBuilder builder =
          image != null
              ? ConnectorTargetBuilder.image(image)
              : ConnectorTargetBuilder.command(commandLine.toArray(String[]::new));
      if (image != null && !commandLine.isEmpty()) {
        builder.withCommand(commandLine);
      }
      if (input != null) {
        builder.inputSchema(
            ContractSchema.NONE); // the author's own domain: their input is the truth
      }
      return builder;
    }
    int hash = catalogEntry.lastIndexOf('#');
    if (hash <= 0 || hash == catalogEntry.length() - 1) {
      throw new UserErrorException(
          "--model-catalog-entry must be CATALOG#SLUG, e.g. examples/models.json#seir; got "
              + catalogEntry,
          null);
    }
    ConnectorTargetBuilder builder =
        ConnectorTargetBuilder.catalogEntry(
            Path.of(catalogEntry.substring(0, hash)), catalogEntry.substring(hash + 1));
    if (image != null) {
      builder.withImage(image).engine(Engine.DOCKER);
    }
    if (!commandLine.isEmpty()) {
      builder.withCommand(commandLine);
      if (image == null) {
        builder.engine(Engine.PROCESS);
      }
    }
    return builder;
  }

  /**
   * A command element naming a file relative to the current folder, made absolute: the process
   * engine starts the command in the run's workspace.
   */
  private static String absoluteIfAFile(String element) {
    try {
      Path path = Path.of(element);
      return !path.isAbsolute() && element.contains("/") && Files.exists(path)
          ? path.toAbsolutePath().normalize().toString()
          : element;
    } catch (java.nio.file.InvalidPathException e) {
      return element;
    }
  }

  /**
   * The text of {@code FILE}, or with {@code FILE#/pointer} the JSON value at that pointer (so a
   * run request's configuration can be given as {@code request.json#/configuration}).
   */
  static String read(String spec) {
    int hash = spec.lastIndexOf("#/");
    Path file = Path.of(hash < 0 ? spec : spec.substring(0, hash));
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new UserErrorException("no such file: " + file, e);
    } catch (IOException e) {
      throw new UserErrorException(file + ": " + e.getMessage(), e);
    }
    if (hash < 0) {
      return text;
    }
    String pointer = spec.substring(hash + 1);
    try {
      var mapper = JsonMappers.standard();
      JsonNode part = mapper.readTree(text).at(JsonPointer.compile(pointer));
      if (part.isMissingNode()) {
        throw new UserErrorException(file + " has nothing at " + pointer, null);
      }
      return mapper.writeValueAsString(part);
    } catch (IllegalArgumentException | JsonProcessingException e) {
      throw new UserErrorException(
          file + "#" + pointer + ": not a JSON document with that pointer: " + e.getMessage(), e);
    }
  }
}
