package io.modelrunner.app.service;

import io.modelrunner.api.ModelRef;
import io.modelrunner.core.catalog.ModelsCatalog;
import java.util.Objects;
import java.util.Set;

/** The labels a node needs to run a model (catalog {@code labels}); none for an unknown model. */
final class ModelLabels {
  private final ModelsCatalog catalog;

  ModelLabels(ModelsCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  Set<String> of(StoredRun run) {
    return of(new ModelRef(run.modelSlug(), run.image()));
  }

  Set<String> of(ModelRef model) {
    try {
      return catalog.resolve(model).requiredLabels();
    } catch (RuntimeException e) {
      return Set.of();
    }
  }
}
