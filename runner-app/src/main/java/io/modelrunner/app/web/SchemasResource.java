package io.modelrunner.app.web;

import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.app.http.Access;
import io.modelrunner.app.http.JsonResponses;
import io.modelrunner.app.http.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /api/schemas/{runner|input|output}}: the JSON Schemas this service validates against
 * (the output schema as configured), for the web application to validate with. Open to all.
 */
@Path("/api/schemas")
@Access(Access.Level.OPEN)
@Produces(MediaType.APPLICATION_JSON)
public final class SchemasResource {
  private final Map<String, JsonSchema> schemas;
  private final JsonResponses responses;

  public SchemasResource(Map<String, JsonSchema> schemas, JsonResponses responses) {
    this.schemas = Map.copyOf(schemas);
    this.responses = Objects.requireNonNull(responses, "responses");
  }

  @GET
  public Response index() {
    return responses.ok(Map.of("schemas", schemas.keySet().stream().sorted().toList()));
  }

  @GET
  @Path("{name}")
  public Response schema(@PathParam("name") String name) {
    JsonSchema schema = schemas.get(name);
    if (schema == null) {
      throw ProblemException.notFound(
          "no schema "
              + (name.length() > 40 ? name.substring(0, 40) + "…" : name)
              + "; try "
              + String.join(", ", schemas.keySet().stream().sorted().toList()));
    }
    return Response.ok(responses.ok(schema.document()).getEntity())
        .type("application/schema+json")
        .header("Cache-Control", "max-age=300")
        .build();
  }
}
