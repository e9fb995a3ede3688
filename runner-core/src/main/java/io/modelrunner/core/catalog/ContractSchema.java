package io.modelrunner.core.catalog;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.SchemaName;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One side (input or output) of a {@link ModelContract}: a compiled JSON Schema, or {@link #none()}
 * — the model declares no schema for that side.
 *
 * @param source what the catalog (or the runner's settings) named: a built-in name such as {@code
 *     input}, a file path, a URL, or {@value #NONE}
 * @param schema the compiled schema; null exactly when {@code source} is {@value #NONE}
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record ContractSchema(String source, JsonSchema schema) {
  /** The catalog value that declares no schema. */
  public static final String NONE = "none";

  public ContractSchema {
    Objects.requireNonNull(source, "source");
    if ((schema == null) != NONE.equals(source)) {
      throw new IllegalArgumentException(
          "a contract schema has a compiled schema unless its source is \"none\": " + source);
    }
  }

  /** No schema. */
  public static ContractSchema none() {
    return new ContractSchema(NONE, null);
  }

  /** {@code schema}, named {@code source}. */
  public static ContractSchema of(String source, JsonSchema schema) {
    return new ContractSchema(source, Objects.requireNonNull(schema, "schema"));
  }

  /** Whether the model declares no schema for this side. */
  public boolean isNone() {
    return schema == null;
  }

  /** The schema, when there is one. */
  public Optional<JsonSchema> optionalSchema() {
    return Optional.ofNullable(schema);
  }

  /** The built-in schema this is ({@code input}, {@code output}), when it is one. */
  public Optional<SchemaName> builtIn() {
    return SchemaName.fromId(source);
  }
}
