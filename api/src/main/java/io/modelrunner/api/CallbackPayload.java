package io.modelrunner.api;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The body of {@code POST {callbackURL}/api/simulations/{id}}: one model's status.
 *
 * @param modelSlug the model this callback is about
 * @param status the model run's status
 * @param resultsLocation where {@code data.json} is stored; empty until complete
 * @param exportLocation where the export zip is stored; empty until complete
 * @param workflowRunID the id of the workflow run that executed this model, when there is one
 *     (omitted when null)
 */
@JsonPropertyOrder({"modelSlug", "status", "resultsLocation", "exportLocation", "workflowRunID"})
@API(status = STABLE, since = "0.1.0")
public record CallbackPayload(
    @JsonProperty("modelSlug") String modelSlug,
    @JsonProperty("status") RunStatus status,
    @JsonProperty("resultsLocation") String resultsLocation,
    @JsonProperty("exportLocation") String exportLocation,
    @JsonProperty("workflowRunID") @JsonInclude(JsonInclude.Include.NON_NULL)
        String workflowRunID) {

  public CallbackPayload {
    Objects.requireNonNull(modelSlug, "modelSlug");
    Objects.requireNonNull(status, "status");
    resultsLocation = resultsLocation == null ? "" : resultsLocation;
    exportLocation = exportLocation == null ? "" : exportLocation;
  }
}
