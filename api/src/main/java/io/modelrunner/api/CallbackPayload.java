package io.modelrunner.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

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
