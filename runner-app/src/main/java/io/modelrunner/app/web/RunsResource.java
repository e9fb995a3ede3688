package io.modelrunner.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.api.schema.ValidationError;
import io.modelrunner.app.config.Deadlines;
import io.modelrunner.app.http.Access;
import io.modelrunner.app.http.JsonBodies;
import io.modelrunner.app.http.JsonResponses;
import io.modelrunner.app.http.ProblemException;
import io.modelrunner.app.service.CancelOutcome;
import io.modelrunner.app.service.Dispatch;
import io.modelrunner.app.service.DispatchRefusedException;
import io.modelrunner.app.service.LogTails;
import io.modelrunner.app.service.RunQueries;
import io.modelrunner.app.service.RunService;
import io.modelrunner.app.service.RunState;
import io.modelrunner.app.service.StoredRun;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.pipeline.Artifact;
import io.modelrunner.core.store.ResultStore;
import io.modelrunner.core.store.StoreException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The runs API: dispatch ({@code POST /api/runs}, and {@code POST /api/dispatch} for the payload of
 * a repository-dispatch event), read ({@code GET /api/runs[/{runId}]}), cancel, live log tail and
 * artifact download. See docs/runner-api.openapi.yaml. Every method needs the API token.
 */
@Path("/api")
@Access(Access.Level.API_TOKEN)
@Produces(MediaType.APPLICATION_JSON)
public final class RunsResource {
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 500;
  private static final int DEFAULT_TAIL = 100;

  private final RunService runs;
  private final RunQueries queries;
  private final ResultStore store;
  private final java.nio.file.Path workRoot;
  private final int maxTailLines;
  private final JsonBodies bodies;
  private final JsonResponses responses;
  private final RunViews views;
  private final ObjectMapper mapper;

  public RunsResource(
      RunService runs,
      ResultStore store,
      java.nio.file.Path workRoot,
      int maxTailLines,
      Deadlines deadlines,
      ModelsCatalog catalog,
      JsonBodies bodies,
      JsonResponses responses) {
    this.runs = Objects.requireNonNull(runs, "runs");
    this.queries = runs.queries();
    this.store = Objects.requireNonNull(store, "store");
    this.workRoot = Objects.requireNonNull(workRoot, "workRoot");
    this.maxTailLines = maxTailLines;
    this.bodies = Objects.requireNonNull(bodies, "bodies");
    this.responses = Objects.requireNonNull(responses, "responses");
    this.mapper = bodies.mapper();
    this.views = new RunViews(mapper, new StageDeadlineView(deadlines, catalog));
  }

  @POST
  @Path("runs")
  @Consumes(MediaType.WILDCARD)
  public Response dispatch(
      @jakarta.ws.rs.HeaderParam("Content-Type") String contentType, InputStream body) {
    requireJson(contentType);
    return submit(bodies.readObject(body), "");
  }

  /** A repository-dispatch event: {@code {"event_type": …, "client_payload": <run request>}}. */
  @POST
  @Path("dispatch")
  @Consumes(MediaType.WILDCARD)
  public Response dispatchEvent(
      @jakarta.ws.rs.HeaderParam("Content-Type") String contentType, InputStream body) {
    requireJson(contentType);
    JsonNode event = bodies.readObject(body);
    List<ValidationError> errors = new ArrayList<>();
    event
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!name.equals("event_type") && !name.equals("client_payload")) {
                errors.add(new ValidationError("/" + name, "is not allowed"));
              }
            });
    if (!event.path("event_type").isTextual()) {
      errors.add(new ValidationError("/event_type", "is required and must be a string"));
    }
    if (!event.path("client_payload").isObject()) {
      errors.add(
          new ValidationError("/client_payload", "is required and must be a run request object"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.unprocessable("not a repository-dispatch event", errors);
    }
    return submit(event.get("client_payload"), "/client_payload");
  }

  private Response submit(JsonNode request, String pointerPrefix) {
    Dispatch dispatch;
    try {
      dispatch = runs.submit(request);
    } catch (DispatchRefusedException e) {
      List<ValidationError> errors =
          e.errors().stream()
              .map(v -> new ValidationError(pointerPrefix + v.pointer(), v.message(), v.models()))
              .toList();
      throw switch (e.kind()) {
        case INVALID -> ProblemException.unprocessable(e.getMessage(), errors);
        case CONFLICT -> ProblemException.conflict(e.getMessage(), errors);
        case QUEUE_FULL -> ProblemException.tooManyRequests(e.getMessage(), 30);
      };
    }
    ObjectNode answer = mapper.createObjectNode();
    answer.put("requestId", dispatch.requestId());
    answer.put("repeated", dispatch.repeated());
    ArrayNode list = answer.putArray("runs");
    for (Dispatch.Entry entry : dispatch.runs()) {
      list.addObject()
          .put("runId", entry.runId())
          .put("modelSlug", entry.modelSlug())
          .put("state", entry.state().name())
          .put("created", entry.created())
          .put("href", RunViews.href(entry.runId()));
    }
    int status = dispatch.repeated() ? 200 : 202;
    return responses
        .builder(status, answer)
        .location(URI.create(RunViews.href(dispatch.runs().get(0).runId())))
        .build();
  }

  @GET
  @Path("runs")
  public Response list(
      @QueryParam("state") String state,
      @QueryParam("model") String model,
      @QueryParam("requestId") String requestId,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    RunState wanted = null;
    if (state != null && !state.isBlank()) {
      try {
        wanted = RunState.valueOf(state.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ProblemException.badField(
            "/state", "must be one of QUEUED, RUNNING, COMPLETE, FAILED, not '" + state + "'");
      }
    }
    int size = count("/limit", limit, DEFAULT_LIMIT, MAX_LIMIT);
    Long before = cursor == null || cursor.isBlank() ? null : decodeCursor(cursor);
    String slug = model == null || model.isBlank() ? null : bounded("/model", model, 200);
    String request =
        requestId == null || requestId.isEmpty() ? null : bounded("/requestId", requestId, 200);
    List<StoredRun> page = queries.list(wanted, slug, request, size + 1, before);
    ObjectNode answer = mapper.createObjectNode();
    ArrayNode items = answer.putArray("runs");
    page.stream().limit(size).forEach(run -> items.add(views.summary(run)));
    if (page.size() > size) {
      answer.put("nextCursor", encodeCursor(page.get(size - 1).seq()));
    } else {
      answer.putNull("nextCursor");
    }
    return responses.ok(answer);
  }

  @GET
  @Path("runs/{runId}")
  public Response get(@PathParam("runId") String runId) {
    StoredRun run = require(runId);
    return responses.ok(
        views.full(run, queries.stages(run.runId()), queries.callbacks(run.runId())));
  }

  @POST
  @Path("runs/{runId}/cancel")
  @Consumes(MediaType.WILDCARD)
  public Response cancel(@PathParam("runId") String runId) {
    CancelOutcome outcome = runs.cancel(bounded("/runId", runId, 200));
    if (outcome == CancelOutcome.NOT_FOUND) {
      throw ProblemException.notFound("no run " + runId);
    }
    if (outcome == CancelOutcome.ALREADY_ENDED) {
      throw ProblemException.conflict("run " + runId + " has already ended", List.of());
    }
    ObjectNode answer = mapper.createObjectNode();
    answer.put("runId", runId);
    answer.put("outcome", outcome.name());
    answer.put("href", RunViews.href(runId));
    return responses.of(202, answer);
  }

  @GET
  @Path("runs/{runId}/log")
  @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
  public Response log(@PathParam("runId") String runId, @QueryParam("tail") String tail) {
    int lines = count("/tail", tail, Math.min(DEFAULT_TAIL, maxTailLines), maxTailLines);
    StoredRun run = require(runId);
    List<String> text;
    try {
      if (queries.isActiveHere(run.runId())) {
        text = LogTails.ofFile(workRoot.resolve(run.runId()).resolve("log/container.log"), lines);
      } else {
        Optional<Artifact> stored =
            run.artifacts().stream().filter(a -> a.name().equals("log/container.log")).findFirst();
        if (stored.isEmpty()) {
          text = List.of();
        } else {
          try (InputStream in = store.open(stored.get().key())) {
            text = LogTails.ofStream(in, lines);
          }
        }
      }
    } catch (IOException | StoreException e) {
      throw ProblemException.unavailable("the log cannot be read now: " + e.getMessage(), 5);
    }
    String body = text.isEmpty() ? "" : String.join("\n", text) + "\n";
    return Response.ok(body.getBytes(StandardCharsets.UTF_8))
        .type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
        .build();
  }

  @GET
  @Path("runs/{runId}/artifacts/{name: .+}")
  @Produces(MediaType.WILDCARD)
  public Response artifact(@PathParam("runId") String runId, @PathParam("name") String name) {
    StoredRun run = require(runId);
    Artifact artifact =
        run.artifacts().stream()
            .filter(a -> a.name().equals(name))
            .findFirst()
            .orElseThrow(
                () -> ProblemException.notFound("run " + runId + " has no artifact " + name));
    StreamingOutput stream =
        out -> {
          try (InputStream in = store.open(artifact.key())) {
            in.transferTo(out);
          }
        };
    String type =
        name.endsWith(".json")
            ? MediaType.APPLICATION_JSON
            : name.endsWith(".zip") ? "application/zip" : MediaType.TEXT_PLAIN + ";charset=UTF-8";
    String fileName = name.substring(name.lastIndexOf('/') + 1);
    return Response.ok(stream)
        .type(type)
        .header("Content-Length", artifact.size())
        .header("Content-Disposition", ContentDisposition.attachment(fileName))
        .header("Digest", "sha-256=" + base64OfHex(artifact.sha256()))
        .build();
  }

  private StoredRun require(String runId) {
    return queries
        .find(bounded("/runId", runId, 200))
        .orElseThrow(() -> ProblemException.notFound("no run " + runId));
  }

  private static String bounded(String pointer, String value, int max) {
    if (value.length() > max) {
      throw ProblemException.badField(pointer, "is longer than " + max + " characters");
    }
    return value;
  }

  private static void requireJson(String contentType) {
    if (contentType == null) {
      return; // curl -d without -H: accepted as JSON
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!type.equals("application/json") && !type.endsWith("+json")) {
      throw ProblemException.unsupportedMediaType(
          "send the run request as application/json, not " + type);
    }
  }

  private static String encodeCursor(long seq) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("seq:" + seq).getBytes(StandardCharsets.UTF_8));
  }

  private static Long decodeCursor(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (text.startsWith("seq:")) {
        return Long.parseLong(text.substring(4));
      }
    } catch (IllegalArgumentException e) {
      // falls through
    }
    throw ProblemException.badField("/cursor", "is not a cursor this service gave out");
  }

  private static String base64OfHex(String hex) {
    try {
      return Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      return hex;
    }
  }

  /**
   * A count query parameter: {@code fallback} when absent or blank, else a whole number from 1 to
   * {@code max}; anything else is a 400 naming the parameter by {@code pointer}.
   */
  private static int count(String pointer, String raw, int fallback, int max) {
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    int n;
    try {
      n = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > max) {
      throw ProblemException.badField(
          pointer, "must be a whole number from 1 to " + max + ", not '" + raw + "'");
    }
    return n;
  }
}
