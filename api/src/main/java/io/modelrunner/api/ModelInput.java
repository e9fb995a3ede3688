package io.modelrunner.api;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The standard model input: what a connector finds in {@code /data/input/inputFile.json}.
 *
 * @param region the region code, e.g. {@code US}
 * @param subregion the subregion code, e.g. {@code US-NY}; optional, omitted when null
 * @param parameters the model parameters
 */
@JsonPropertyOrder({"region", "subregion", "parameters"})
@API(status = STABLE, since = "0.1.0")
public record ModelInput(
    @JsonProperty("region") String region,
    @JsonProperty("subregion") @JsonInclude(JsonInclude.Include.NON_NULL) String subregion,
    @JsonProperty("parameters") ModelParameters parameters) {

  public ModelInput {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(parameters, "parameters");
  }
}
