package io.modelrunner.app.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.app.http.Access;
import io.modelrunner.app.http.JsonResponses;
import io.modelrunner.app.service.NodeStore;
import io.modelrunner.app.service.RunQueries;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code GET /api/nodes}: the runner nodes sharing this database — labels, concurrency, load, last
 * heartbeat, and whether that heartbeat is within the lease ({@code alive}).
 */
@Path("/api/nodes")
@Access(Access.Level.API_TOKEN)
@Produces(MediaType.APPLICATION_JSON)
public final class NodesResource {
  private final RunQueries runs;
  private final Duration lease;
  private final JsonResponses responses;

  public NodesResource(RunQueries runs, Duration lease, JsonResponses responses) {
    this.runs = Objects.requireNonNull(runs, "runs");
    this.lease = Objects.requireNonNull(lease, "lease");
    this.responses = Objects.requireNonNull(responses, "responses");
  }

  @GET
  public Response list() {
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.put("leaseSeconds", lease.toMillis() / 1000.0);
    ArrayNode list = answer.putArray("nodes");
    Instant now = Instant.now();
    for (NodeStore.Node node : runs.nodes()) {
      ObjectNode n = list.addObject();
      n.put("nodeId", node.nodeId());
      ArrayNode labels = n.putArray("labels");
      node.labels().forEach(labels::add);
      n.put("maxConcurrent", node.maxConcurrent());
      n.put("activeRuns", node.activeRuns());
      n.put("version", node.version());
      n.put("address", node.address());
      n.put("startedAt", node.startedAt().toString());
      n.put("lastHeartbeat", node.lastHeartbeat().toString());
      n.put("alive", node.lastHeartbeat().plus(lease).isAfter(now));
    }
    return responses.ok(answer);
  }
}
