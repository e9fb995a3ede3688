package io.modelrunner.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.schema.InvalidJsonException;
import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.SchemaLoadException;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.api.schema.ValidationError;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.pipeline.RequestValidator;
import io.modelrunner.core.pipeline.RunRequestDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code model-runner validate --schema runner|input|output|request FILE}, or {@code model-runner
 * validate --request [--models CATALOG] FILE}: a run request checked as {@code run} and the service
 * check it (the envelope, then {@code configuration} against each requested model's input schema).
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Validates a JSON document against a schema, or a run request against its envelope and each"
          + " requested model's input schema (--request).",
      "Exit 0 when valid; 1 when invalid, printing one line per error: <json-pointer>: <message>;"
          + " 2 on usage or I/O errors."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Mode mode;

  /** What FILE is checked against. */
  static final class Mode {
    @Option(
        names = {"-s", "--schema"},
        paramLabel = "SCHEMA",
        description = "runner, input, output, request, or the path or URL of another JSON Schema.")
    String schema;

    @Option(
        names = "--request",
        description =
            "FILE is a run request: check it as run and the service do (the envelope, then"
                + " configuration against each requested model's input schema, from --models).")
    boolean request;
  }

  @Option(
      names = "--models",
      paramLabel = "CATALOG",
      description =
          "With --request: the models catalog whose models' input schemas apply. Without it every"
              + " model takes the built-in input schema (an adapter:NAME image: any object).")
  Path catalogFile;

  @Parameters(index = "0", paramLabel = "FILE", description = "The JSON document to validate.")
  Path file;

  @Override
  public Integer call() {
    SchemaValidator validator = new SchemaValidator();
    if (catalogFile != null && !mode.request) {
      throw new UserErrorException("--models goes with --request", null);
    }
    List<ValidationError> errors =
        mode.request ? requestErrors(validator) : schemaErrors(validator);
    PrintWriter out = spec.commandLine().getOut();
    errors.forEach(out::println);
    out.flush();
    return errors.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private List<ValidationError> schemaErrors(SchemaValidator validator) {
    JsonSchema jsonSchema;
    try {
      jsonSchema = validator.resolve(mode.schema);
    } catch (SchemaLoadException e) {
      throw new UserErrorException(e.getMessage(), e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return jsonSchema.validate(in);
    } catch (NoSuchFileException e) {
      throw new UserErrorException("no such file: " + file, e);
    } catch (IOException e) {
      throw new UserErrorException(file + ": " + e.getMessage(), e);
    }
  }

  private List<ValidationError> requestErrors(SchemaValidator validator) {
    ModelsCatalog catalog = CatalogFiles.load(catalogFile, "output", validator);
    JsonNode document;
    try (InputStream in = Files.newInputStream(file)) {
      document = RunRequestDocument.parse(in).document();
    } catch (NoSuchFileException e) {
      throw new UserErrorException("no such file: " + file, e);
    } catch (InvalidJsonException e) {
      throw new UserErrorException(file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UserErrorException(file + ": " + e.getMessage(), e);
    }
    return RequestValidator.builtIn(validator).check(document, catalog);
  }
}
