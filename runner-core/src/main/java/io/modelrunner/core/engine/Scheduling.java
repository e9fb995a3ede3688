package io.modelrunner.core.engine;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * Where and how a batch scheduler places a model's runs, from its models catalog entry: the entry's
 * {@code "slurm"} object ({@code partition}, {@code account}, {@code qos} and other job options,
 * see docs/models-catalog.md) and its {@code onNodeLoss}. Engines that run on one machine ignore
 * it; the Slurm engine submits with it.
 *
 * @param options scheduler options by name, in name order; empty: the engine's defaults
 * @param rerunOnNodeLoss whether a run whose node failed may run again from the start ({@code
 *     "onNodeLoss": "rerun"}), which a scheduler does by requeueing the job
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record Scheduling(Map<String, String> options, boolean rerunOnNodeLoss) {
  private static final Scheduling NONE = new Scheduling(Map.of(), false);

  public Scheduling {
    Objects.requireNonNull(options, "options");
    options = java.util.Collections.unmodifiableMap(new TreeMap<>(options));
  }

  /** No options, and a lost node fails the run. */
  public static Scheduling none() {
    return NONE;
  }
}
