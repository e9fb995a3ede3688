package io.modelrunner.app.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A models catalog of process-engine models outside the epidemic domain, with their own schemas,
 * for the tests of per-model contracts (service and CLI alike):
 *
 * <ul>
 *   <li>{@code tally}: input {@code ./schemas/tally-input.schema.json} ({@code values}, an array of
 *       numbers, and nothing else), output {@code ./schemas/tally-output.schema.json} ({@code
 *       total}, a number); its script writes {@code {"total": 6, "input": <configuration>}};
 *   <li>{@code tally-broken}: the same schemas; its script writes {@code {"total": "six"}}, which
 *       its output schema refuses;
 *   <li>{@code free}: {@code "inputSchema": "none"}, {@code "outputSchema": "none"}; its script
 *       writes {@code [1, "two", null]}, which the built-in output schema would refuse.
 * </ul>
 */
public final class ContractModels {
  /** A request for {@code tally} that its input schema accepts. */
  public static final String TALLY_CONFIGURATION = "{\"values\":[1,2,3]}";

  /** A {@code tally} configuration its input schema refuses twice. */
  public static final String BAD_TALLY_CONFIGURATION = "{\"values\":\"1,2,3\",\"unit\":\"kWh\"}";

  /** The errors of {@link #BAD_TALLY_CONFIGURATION} for {@code tally}, as pointer: message. */
  public static final List<String> BAD_TALLY_ERRORS =
      List.of(
          "/configuration/unit: is not allowed here (unknown property) (input schema of model"
              + " tally)",
          "/configuration/values: must be an array, not a string (input schema of model tally)");

  private ContractModels() {}

  /** Writes the catalog, its schemas and scripts under {@code dir}; returns the catalog file. */
  public static Path write(Path dir) throws IOException {
    Path schemas = Files.createDirectories(dir.resolve("schemas"));
    Files.writeString(
        schemas.resolve("tally-input.schema.json"),
        """
        {"$schema": "http://json-schema.org/draft-07/schema#",
         "type": "object",
         "properties": {"values": {"type": "array", "items": {"type": "number"}}},
         "required": ["values"],
         "additionalProperties": false}
        """);
    Files.writeString(
        schemas.resolve("tally-output.schema.json"),
        """
        {"$schema": "http://json-schema.org/draft-07/schema#",
         "type": "object",
         "properties": {"total": {"type": "number"}},
         "required": ["total"]}
        """);
    script(
        dir,
        "tally.sh",
        "printf '{\"total\": 6, \"input\": %s}' \"$(cat \"$MODEL_INPUT_DIR/inputFile.json\")\"");
    script(dir, "tally-broken.sh", "printf '{\"total\": \"six\"}'");
    script(dir, "free.sh", "printf '[1, \"two\", null]'");
    return Files.writeString(
        dir.resolve("models.json"),
        """
        {"models": {
          "tally": {"command": ["./tally.sh"],
                    "inputSchema": "./schemas/tally-input.schema.json",
                    "outputSchema": "schemas/tally-output.schema.json",
                    "timeAxis": "/input/values"},
          "tally-broken": {"command": ["./tally-broken.sh"],
                           "inputSchema": "./schemas/tally-input.schema.json",
                           "outputSchema": "./schemas/tally-output.schema.json"},
          "free": {"command": ["./free.sh"], "inputSchema": "none", "outputSchema": "none"}
        }}
        """);
  }

  /** A run request for {@code slugs} (each run by its command: any imageURL) on {@code config}. */
  public static String request(String id, String configuration, String... slugAndImage) {
    StringBuilder models = new StringBuilder();
    for (int i = 0; i < slugAndImage.length; i += 2) {
      models
          .append(models.length() > 0 ? "," : "")
          .append("{\"slug\":\"")
          .append(slugAndImage[i])
          .append("\",\"imageURL\":\"")
          .append(slugAndImage[i + 1])
          .append("\"}");
    }
    return "{\"id\":\""
        + id
        + "\",\"models\":["
        + models
        + "],\"configuration\":"
        + configuration
        + ",\"callbackURL\":null}";
  }

  private static void script(Path dir, String name, String body) throws IOException {
    Path script = dir.resolve(name);
    Files.writeString(
        script, "#!/bin/sh\nset -e\n" + body + " > \"$MODEL_OUTPUT_DIR/data.json\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
