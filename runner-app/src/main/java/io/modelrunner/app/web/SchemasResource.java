package io.modelrunner.app.web;

import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.app.http.Access;
import io.modelrunner.app.http.JsonResponses;
import io.modelrunner.app.http.ProblemException;
import io.modelrunner.core.catalog.ContractSchema;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.catalog.ResolvedModel;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /api/schemas/{runner|input|output|request}}: the JSON Schemas this service validates
 * against (the output schema as configured), and {@code GET
 * /api/schemas/models/{slug}/{input|output}}: a catalog model's own, for the web application to
 * validate with. Open to all.
 */
@Path("/api/schemas")
@Access(Access.Level.OPEN)
@Produces(MediaType.APPLICATION_JSON)
public final class SchemasResource {
  private static final int MAX_SHOWN = 40;

  private final Map<String, JsonSchema> schemas;
  private final ModelsCatalog catalog;
  private final JsonResponses responses;

  public SchemasResource(
      Map<String, JsonSchema> schemas, ModelsCatalog catalog, JsonResponses responses) {
    this.schemas = Map.copyOf(schemas);
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.responses = Objects.requireNonNull(responses, "responses");
  }

  /** The path of a catalog model's schema: {@code /api/schemas/models/{slug}/{side}}. */
  static String modelSchemaPath(String slug, String side) {
    return "/api/schemas/models/"
        + URLEncoder.encode(slug, StandardCharsets.UTF_8).replace("+", "%20")
        + "/"
        + side;
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
              + shown(name)
              + "; try "
              + String.join(", ", schemas.keySet().stream().sorted().toList()));
    }
    return document(schema);
  }

  @GET
  @Path("models/{slug}/{side}")
  public Response modelSchema(@PathParam("slug") String slug, @PathParam("side") String side) {
    ResolvedModel model =
        catalog
            .entry(slug)
            .orElseThrow(
                () -> ProblemException.notFound("the models catalog has no model " + shown(slug)));
    ContractSchema schema =
        switch (side) {
          case "input" -> model.contract().input();
          case "output" -> model.contract().output();
          default ->
              throw ProblemException.notFound(
                  "no schema " + shown(side) + " of a model; try input or output");
        };
    if (schema.isNone()) {
      throw ProblemException.notFound("model " + shown(slug) + " declares no " + side + " schema");
    }
    return document(schema.schema());
  }

  private Response document(JsonSchema schema) {
    return Response.ok(responses.ok(schema.document()).getEntity())
        .type("application/schema+json")
        .header("Cache-Control", "max-age=300")
        .build();
  }

  private static String shown(String name) {
    return name.length() > MAX_SHOWN ? name.substring(0, MAX_SHOWN) + "…" : name;
  }
}
