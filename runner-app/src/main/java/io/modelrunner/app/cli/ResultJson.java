package io.modelrunner.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.core.callback.CallbackDelivery;
import io.modelrunner.core.pipeline.Artifact;
import io.modelrunner.core.pipeline.FailureReasonJson;
import io.modelrunner.core.pipeline.RunResult;
import io.modelrunner.core.pipeline.StageTiming;
import java.util.Locale;

/**
 * The {@code --json} line of one model: the final callback's fields ({@code modelSlug}, {@code
 * status}, {@code resultsLocation}, {@code exportLocation}), then {@code reason} (null when
 * complete, else its {@link FailureReasonJson} shape), {@code artifacts} ({@code name, size,
 * sha256, location}) and the run record ({@code runId}, {@code engine}, {@code imageId}, {@code
 * storeKey}, {@code callbacks}, {@code timings}, {@code warnings}, {@code keptWorkspace}).
 */
final class ResultJson {
  private static final ObjectMapper MAPPER = JsonMappers.standard();

  private ResultJson() {}

  static String line(RunResult result) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("modelSlug", result.modelSlug());
    json.put("status", result.status().wireName());
    json.put("resultsLocation", result.resultsLocation());
    json.put("exportLocation", result.exportLocation());
    if (result.reason() == null) {
      json.putNull("reason");
    } else {
      json.set("reason", FailureReasonJson.write(result.reason()));
    }
    ArrayNode artifacts = json.putArray("artifacts");
    for (Artifact a : result.artifacts()) {
      artifacts
          .addObject()
          .put("name", a.name())
          .put("size", a.size())
          .put("sha256", a.sha256())
          .put("location", a.location());
    }
    json.put("runId", result.runId());
    json.put("engine", result.identity() == null ? null : result.identity().engine());
    json.put("imageId", result.identity() == null ? null : result.identity().id());
    json.put("storeKey", result.storePrefix());
    ArrayNode callbacks = json.putArray("callbacks");
    for (CallbackDelivery c : result.callbacks()) {
      ObjectNode node =
          callbacks
              .addObject()
              .put("eventId", c.eventId())
              .put("event", c.event())
              .put("status", c.status().name().toLowerCase(Locale.ROOT).replace('_', '-'))
              .put("attempts", c.attempts());
      node.put("httpStatus", c.httpStatus());
      node.put("detail", c.detail());
    }
    ObjectNode timings = json.putObject("timings");
    for (StageTiming t : result.timings()) {
      timings.put(t.stage().wireName(), t.elapsed().toMillis() / 1000.0);
    }
    ArrayNode warnings = json.putArray("warnings");
    result.warnings().forEach(warnings::add);
    json.put(
        "keptWorkspace", result.keptWorkspace() == null ? null : result.keptWorkspace().toString());
    try {
      return MAPPER.writeValueAsString(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a result line", e);
    }
  }
}
