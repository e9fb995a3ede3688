package io.modelrunner.api;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The time axis of a model output.
 *
 * @param t0 the ISO-8601 date each series begins at
 * @param timestamps one value per series element: days after {@code t0}
 * @param extent exactly two values: the minimum and maximum timestamp
 */
@JsonPropertyOrder({"t0", "timestamps", "extent"})
@API(status = STABLE, since = "0.1.0")
public record TimeAxis(
    @JsonProperty("t0") String t0,
    @JsonProperty("timestamps") List<Double> timestamps,
    @JsonProperty("extent") List<Double> extent) {

  public TimeAxis {
    Objects.requireNonNull(t0, "t0");
    timestamps = List.copyOf(Objects.requireNonNull(timestamps, "timestamps"));
    extent = List.copyOf(Objects.requireNonNull(extent, "extent"));
    if (extent.size() != 2) {
      throw new IllegalArgumentException("extent must have exactly 2 values, has " + extent.size());
    }
  }
}
