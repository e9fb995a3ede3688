package io.modelrunner.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.app.service.CallbackEntry;
import io.modelrunner.app.service.StageEntry;
import io.modelrunner.app.service.StoredRun;
import io.modelrunner.core.pipeline.Artifact;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The JSON shapes of runs in the runs API (docs/runner-api.openapi.yaml: Run, RunSummary). */
final class RunViews {
  private final ObjectMapper mapper;
  private final StageDeadlineView deadlines;

  RunViews(ObjectMapper mapper, StageDeadlineView deadlines) {
    this.mapper = mapper;
    this.deadlines = deadlines;
  }

  ObjectNode summary(StoredRun run) {
    ObjectNode node = mapper.createObjectNode();
    node.put("runId", run.runId());
    node.put("requestId", run.requestId());
    node.put("modelSlug", run.modelSlug());
    node.put("image", run.image());
    node.put("state", run.state().name());
    node.put("stage", run.stage());
    node.put("cancelRequested", run.cancelRequested());
    time(node, "createdAt", run.createdAt());
    time(node, "startedAt", run.startedAt());
    time(node, "finishedAt", run.finishedAt());
    node.set("reason", run.reason());
    node.put("href", href(run.runId()));
    return node;
  }

  ObjectNode full(StoredRun run, List<StageEntry> stages, List<CallbackEntry> callbacks) {
    ObjectNode node = summary(run);
    node.put("node", run.nodeId());
    time(node, "stageEnteredAt", run.stageEnteredAt());
    if (run.identity() == null) {
      node.putNull("identity");
    } else {
      ObjectNode id = node.putObject("identity");
      id.put("engine", run.identity().engine());
      id.put("imageId", run.identity().id());
      id.put("imageDigest", run.identity().digest());
      id.put("imageVersion", run.identity().version());
      id.put("runnerVersion", run.runnerVersion());
    }
    node.put("executionId", run.executionId());
    node.put("storePrefix", run.storePrefix());
    node.put("resultsLocation", run.artifactLocation("data.json"));
    node.put("exportLocation", run.artifactLocation("export.zip"));
    ArrayNode artifacts = node.putArray("artifacts");
    for (Artifact a : run.artifacts()) {
      artifacts
          .addObject()
          .put("name", a.name())
          .put("size", a.size())
          .put("sha256", a.sha256())
          .put("location", a.location())
          .put("href", href(run.runId()) + "/artifacts/" + a.name());
    }
    ArrayNode history = node.putArray("stages");
    for (StageEntry s : stages) {
      ObjectNode entry = history.addObject();
      entry.put("stage", s.stage());
      time(entry, "enteredAt", s.enteredAt());
      time(entry, "leftAt", s.leftAt());
      if (s.leftAt() != null) {
        entry.put("seconds", Duration.between(s.enteredAt(), s.leftAt()).toNanos() / 1e9);
      }
      Optional<Duration> deadline = deadlines.of(run, s.stage());
      if (deadline.isPresent()) {
        entry.put("deadlineSeconds", deadline.get().toNanos() / 1e9);
      } else {
        entry.putNull("deadlineSeconds");
      }
    }
    ArrayNode deliveries = node.putArray("callbacks");
    for (CallbackEntry c : callbacks) {
      ObjectNode entry = deliveries.addObject();
      entry.put("eventId", c.eventId());
      entry.put("event", c.event());
      entry.put("status", c.status());
      entry.put("attempts", c.attempts());
      if (c.httpStatus() == null) {
        entry.putNull("httpStatus");
      } else {
        entry.put("httpStatus", c.httpStatus());
      }
      entry.put("detail", c.detail());
      entry.put("cancelRequested", c.cancelRequested());
      time(entry, "createdAt", c.createdAt());
      time(entry, "sentAt", c.sentAt());
      time(entry, "nextAttemptAt", c.nextAttemptAt());
      time(entry, "deliveredAt", c.deliveredAt());
      time(entry, "expiresAt", c.expiresAt());
    }
    ArrayNode warnings = node.putArray("warnings");
    run.warnings().forEach(warnings::add);
    ObjectNode links = node.putObject("links");
    links.put("self", href(run.runId()));
    links.put("log", href(run.runId()) + "/log");
    links.put("cancel", href(run.runId()) + "/cancel");
    return node;
  }

  static String href(String runId) {
    return "/api/runs/" + URLEncoder.encode(runId, StandardCharsets.UTF_8);
  }

  private static void time(ObjectNode node, String field, Instant value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value.toString());
    }
  }
}
