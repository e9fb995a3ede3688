package io.modelrunner.core.catalog;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ModelLaunch;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apiguardian.api.API;

/**
 * How to run one model of a request.
 *
 * @param launch image, command and environment
 * @param limits the secure defaults with the catalog's overrides applied
 * @param fromCatalog whether the catalog knew the slug (else the request's {@code imageURL} is
 *     used)
 * @param requiredLabels the labels a runner node must advertise to run this model ({@code gpu},
 *     {@code arch=arm64}, …); empty: any node
 * @param onNodeLoss what a pool of runner nodes does with a run of this model whose node stopped
 *     heart-beating: fail it (the default: models are not always idempotent) or run it again
 * @param contract the schemas its {@code configuration} and {@code data.json} must match
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record ResolvedModel(
    ModelLaunch launch,
    ExecutionLimits limits,
    boolean fromCatalog,
    Set<String> requiredLabels,
    NodeLossPolicy onNodeLoss,
    ModelContract contract) {

  /** What to do with a run whose node was lost. */
  public enum NodeLossPolicy {
    /** End it {@code failed} with a platform-error reason and the final callback. */
    FAIL,
    /** Run it again from the start on another node. */
    RERUN
  }

  public ResolvedModel {
    Objects.requireNonNull(launch, "launch");
    Objects.requireNonNull(limits, "limits");
    requiredLabels =
        java.util.Collections.unmodifiableSet(
            new TreeSet<>(requiredLabels == null ? Set.of() : requiredLabels));
    onNodeLoss = onNodeLoss == null ? NodeLossPolicy.FAIL : onNodeLoss;
    Objects.requireNonNull(contract, "contract");
  }
}
