package io.modelrunner.app.cli;

import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.SchemaLoadException;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.api.schema.ValidationError;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code model-runner validate --schema runner|input|output FILE}. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Validates a JSON document against a schema.",
      "Exit 0 when valid; 1 when invalid, printing one line per error: <json-pointer>: <message>;"
          + " 2 on usage or I/O errors."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-s", "--schema"},
      required = true,
      paramLabel = "SCHEMA",
      description = "runner, input, output, or the path or URL of another JSON Schema.")
  String schema;

  @Parameters(index = "0", paramLabel = "FILE", description = "The JSON document to validate.")
  Path file;

  @Override
  public Integer call() {
    JsonSchema jsonSchema;
    SchemaValidator validator = new SchemaValidator();
    try {
      jsonSchema = validator.resolve(schema);
    } catch (SchemaLoadException e) {
      throw new UserErrorException(e.getMessage(), e);
    }
    List<ValidationError> errors;
    try (InputStream in = Files.newInputStream(file)) {
      errors = jsonSchema.validate(in);
    } catch (NoSuchFileException e) {
      throw new UserErrorException("no such file: " + file, e);
    } catch (IOException e) {
      throw new UserErrorException(file + ": " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    errors.forEach(out::println);
    out.flush();
    return errors.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
