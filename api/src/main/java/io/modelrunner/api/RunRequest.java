package io.modelrunner.api;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A run request as the web application sends it: run every model of {@code models} on {@code
 * configuration} and report to {@code callbackURL}. All four properties are required on the wire;
 * {@code callbackURL} may be {@code null} (no callbacks) and is always written.
 */
@JsonPropertyOrder({"id", "models", "configuration", "callbackURL"})
@API(status = STABLE, since = "0.1.0")
public record RunRequest(
    @JsonProperty("id") RequestId id,
    @JsonProperty("models") List<ModelRef> models,
    @JsonProperty("configuration") ModelInput configuration,
    @JsonProperty("callbackURL") @JsonInclude(JsonInclude.Include.ALWAYS) String callbackURL) {

  public RunRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(configuration, "configuration");
    models = List.copyOf(Objects.requireNonNull(models, "models"));
  }
}
