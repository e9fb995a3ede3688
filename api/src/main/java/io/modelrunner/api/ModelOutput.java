package io.modelrunner.api;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The standard model output: what a connector writes to {@code /data/output/data.json}.
 *
 * @param metadata the model input, echoed
 * @param time the time axis of every series
 * @param aggregate the series, aggregated over the whole region
 */
@JsonPropertyOrder({"metadata", "time", "aggregate"})
@API(status = STABLE, since = "0.1.0")
public record ModelOutput(
    @JsonProperty("metadata") ModelInput metadata,
    @JsonProperty("time") TimeAxis time,
    @JsonProperty("aggregate") Aggregate aggregate) {

  public ModelOutput {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(aggregate, "aggregate");
  }

  /**
   * The aggregated series.
   *
   * @param metrics the severity metrics
   */
  public record Aggregate(@JsonProperty("metrics") SeverityMetrics metrics) {
    public Aggregate {
      Objects.requireNonNull(metrics, "metrics");
    }
  }
}
