package io.modelrunner.core.pipeline.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.api.CallbackPayload;
import io.modelrunner.api.RunStatus;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.pipeline.FailureReason;
import io.modelrunner.core.pipeline.FailureReasonJson;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The JSON bodies of callbacks: the {@link CallbackPayload} fields ({@code modelSlug}, {@code
 * status}, {@code resultsLocation}, {@code exportLocation}, {@code workflowRunID} when configured)
 * plus the runner's extra fields {@code runnerVersion}, {@code engine}, {@code imageId}, {@code
 * imageDigest}, {@code imageVersion} (each omitted when unknown) and, for {@code failed}, {@code
 * reason} (its {@link FailureReasonJson} shape). See docs/callbacks.md.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class CallbackBodies {
  private static final ObjectMapper MAPPER = JsonMappers.standard();

  private final String runnerVersion;
  private final String workflowRunId;

  /**
   * @param workflowRunId the {@code workflowRunID} to report, or null to omit it
   */
  public CallbackBodies(String runnerVersion, String workflowRunId) {
    this.runnerVersion = Objects.requireNonNull(runnerVersion, "runnerVersion");
    this.workflowRunId = workflowRunId;
  }

  public ObjectNode start(String slug, ModelIdentity identity) {
    return body(new CallbackPayload(slug, RunStatus.IN_PROGRESS, "", "", workflowRunId), identity);
  }

  public ObjectNode complete(
      String slug, ModelIdentity identity, String resultsLocation, String exportLocation) {
    return body(
        new CallbackPayload(
            slug, RunStatus.COMPLETE, resultsLocation, exportLocation, workflowRunId),
        identity);
  }

  public ObjectNode failed(String slug, ModelIdentity identity, FailureReason reason) {
    ObjectNode body =
        body(new CallbackPayload(slug, RunStatus.FAILED, "", "", workflowRunId), identity);
    body.set("reason", FailureReasonJson.write(reason));
    return body;
  }

  private ObjectNode body(CallbackPayload payload, ModelIdentity identity) {
    ObjectNode body = MAPPER.valueToTree(payload);
    body.put("runnerVersion", runnerVersion);
    if (identity != null) {
      body.put("engine", identity.engine());
      body.put("imageId", identity.id());
      if (identity.digest() != null) {
        body.put("imageDigest", identity.digest());
      }
      if (identity.version() != null) {
        body.put("imageVersion", identity.version());
      }
    }
    return body;
  }
}
