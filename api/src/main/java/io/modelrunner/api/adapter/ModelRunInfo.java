package io.modelrunner.api.adapter;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What every adapter endpoint answers. All four keys are always written, with {@code null} where
 * empty: the existing orchestrator reads them unconditionally.
 *
 * @param modelRunId the run's id ({@code model_run_id} on the wire)
 * @param state the run's state after the call
 * @param reason why the run is in {@code ERROR}, or why a call was refused; null otherwise
 * @param result the model's result (on {@code /results} after success); null otherwise
 */
@JsonPropertyOrder({"model_run_id", "state", "reason", "result"})
@JsonInclude(JsonInclude.Include.ALWAYS)
@API(status = STABLE, since = "0.1.0")
public record ModelRunInfo(
    @JsonProperty("model_run_id") String modelRunId,
    @JsonProperty("state") ModelRunState state,
    @JsonProperty("reason") String reason,
    @JsonProperty("result") JsonNode result) {

  public ModelRunInfo {
    Objects.requireNonNull(state, "state");
    if (result != null && (result.isNull() || result.isMissingNode())) {
      result = null; // JSON null and an absent result are the same thing
    }
  }

  public static ModelRunInfo of(String modelRunId, ModelRunState state) {
    return new ModelRunInfo(modelRunId, state, null, null);
  }

  public static ModelRunInfo error(String modelRunId, String reason) {
    return new ModelRunInfo(modelRunId, ModelRunState.ERROR, reason, null);
  }
}
