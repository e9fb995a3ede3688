package io.modelrunner.app.cli;

import io.modelrunner.api.schema.SchemaLoadException;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.core.catalog.CatalogException;
import io.modelrunner.core.catalog.CatalogSchemas;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.engine.ExecutionLimits;
import java.nio.file.Path;

/** Loads the {@code --models} catalog of a command, as the service loads {@code models.catalog}. */
final class CatalogFiles {
  private CatalogFiles() {}

  /**
   * The catalog in {@code file} (null: none), whose models without an output schema get {@code
   * outputSchema} (a built-in name, a file or a URL).
   *
   * @throws UserErrorException when the schema or the catalog cannot be loaded
   */
  static ModelsCatalog load(Path file, String outputSchema, SchemaValidator validator) {
    CatalogSchemas schemas;
    try {
      schemas = CatalogSchemas.builtIn(validator).withDefaultOutput(outputSchema);
    } catch (SchemaLoadException e) {
      throw new UserErrorException("--output-schema: " + e.getMessage(), e);
    }
    if (file == null) {
      return ModelsCatalog.empty(schemas);
    }
    try {
      return ModelsCatalog.load(file, ExecutionLimits.defaults(), schemas);
    } catch (CatalogException e) {
      throw new UserErrorException(e.getMessage(), e);
    }
  }
}
