package io.modelrunner.core.catalog;

import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ModelLaunch;
import java.util.Objects;

/**
 * How to run one model of a request.
 *
 * @param launch image, command and environment
 * @param limits the secure defaults with the catalog's overrides applied
 * @param fromCatalog whether the catalog knew the slug (else the request's {@code imageURL} is
 *     used)
 */
public record ResolvedModel(ModelLaunch launch, ExecutionLimits limits, boolean fromCatalog) {
  public ResolvedModel {
    Objects.requireNonNull(launch, "launch");
    Objects.requireNonNull(limits, "limits");
  }
}
