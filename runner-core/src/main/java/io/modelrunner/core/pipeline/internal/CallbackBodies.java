package io.modelrunner.core.pipeline.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.api.CallbackPayload;
import io.modelrunner.api.RunStatus;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.pipeline.FailureReason;

/**
 * The JSON bodies of callbacks: the {@link CallbackPayload} fields ({@code modelSlug}, {@code
 * status}, {@code resultsLocation}, {@code exportLocation}) plus the runner's extra fields {@code
 * runnerVersion}, {@code engine}, {@code imageId}, {@code imageDigest}, {@code imageVersion} (each
 * omitted when unknown) and, for {@code failed}, {@code reason} ({@code {kind, message, exitCode?,
 * logTail}}). See docs/callbacks.md.
 */
public final class CallbackBodies {
  private static final ObjectMapper MAPPER = JsonMappers.standard();

  private CallbackBodies() {}

  public static ObjectNode start(String slug, String runnerVersion, ModelIdentity identity) {
    return body(
        new CallbackPayload(slug, RunStatus.IN_PROGRESS, "", "", null), runnerVersion, identity);
  }

  public static ObjectNode complete(
      String slug,
      String runnerVersion,
      ModelIdentity identity,
      String resultsLocation,
      String exportLocation) {
    return body(
        new CallbackPayload(slug, RunStatus.COMPLETE, resultsLocation, exportLocation, null),
        runnerVersion,
        identity);
  }

  public static ObjectNode failed(
      String slug, String runnerVersion, ModelIdentity identity, FailureReason reason) {
    ObjectNode body =
        body(new CallbackPayload(slug, RunStatus.FAILED, "", "", null), runnerVersion, identity);
    ObjectNode why = body.putObject("reason");
    why.put("kind", reason.kind().wireName());
    why.put("message", reason.message());
    if (reason.exitCode() != null) {
      why.put("exitCode", reason.exitCode());
    }
    ArrayNode tail = why.putArray("logTail");
    reason.logTail().forEach(tail::add);
    return body;
  }

  private static ObjectNode body(
      CallbackPayload payload, String runnerVersion, ModelIdentity identity) {
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
