package io.modelrunner.core.catalog;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.api.schema.SchemaLoadException;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How a {@link ModelsCatalog} loads its models' schemas, and the contract of a model that declares
 * none: an image or command model gets {@code defaultInput} and {@code defaultOutput} (the runner's
 * output schema); an adapter-backed model ({@code adapter:<name>}) gets no schema on either side.
 *
 * @param validator loads and compiles the schemas (shared: it caches them)
 * @param defaultInput the input schema of a model that declares none (built-in {@code input})
 * @param defaultOutput the output schema of a model that declares none (the runner-wide one)
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record CatalogSchemas(
    SchemaValidator validator, ContractSchema defaultInput, ContractSchema defaultOutput) {

  public CatalogSchemas {
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(defaultInput, "defaultInput");
    Objects.requireNonNull(defaultOutput, "defaultOutput");
  }

  /** The built-in {@code input} and {@code output} schemas as the defaults. */
  public static CatalogSchemas builtIn(SchemaValidator validator) {
    return new CatalogSchemas(
        validator,
        ContractSchema.of(SchemaName.INPUT.id(), validator.schema(SchemaName.INPUT)),
        ContractSchema.of(SchemaName.OUTPUT.id(), validator.schema(SchemaName.OUTPUT)));
  }

  /**
   * These, with the runner-wide output schema {@code nameOrLocation} (a built-in name, a file path
   * or a URL, as {@link SchemaValidator#resolve} takes it; {@value ContractSchema#NONE} for none).
   *
   * @throws SchemaLoadException when it cannot be loaded
   */
  public CatalogSchemas withDefaultOutput(String nameOrLocation) {
    ContractSchema output =
        ContractSchema.NONE.equals(nameOrLocation)
            ? ContractSchema.none()
            : ContractSchema.of(nameOrLocation, validator.resolve(nameOrLocation));
    return new CatalogSchemas(validator, defaultInput, output);
  }

  /** The contract of a model that declares no schema and runs {@code image} (null: a command). */
  public ModelContract defaultContract(String image) {
    return ModelContract.adapterBacked(image)
        ? new ModelContract(ContractSchema.none(), ContractSchema.none())
        : new ModelContract(defaultInput, defaultOutput);
  }
}
