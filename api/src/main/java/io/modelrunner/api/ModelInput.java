package io.modelrunner.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * The standard model input: what a connector finds in {@code /data/input/inputFile.json}.
 *
 * @param region the region code, e.g. {@code US}
 * @param subregion the subregion code, e.g. {@code US-NY}; optional, omitted when null
 * @param parameters the model parameters
 */
@JsonPropertyOrder({"region", "subregion", "parameters"})
public record ModelInput(
    @JsonProperty("region") String region,
    @JsonProperty("subregion") @JsonInclude(JsonInclude.Include.NON_NULL) String subregion,
    @JsonProperty("parameters") ModelParameters parameters) {

  public ModelInput {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(parameters, "parameters");
  }
}
