package io.modelrunner.app.web;

import io.modelrunner.app.http.Access;
import io.modelrunner.app.http.JsonResponses;
import io.modelrunner.core.catalog.ContractSchema;
import io.modelrunner.core.catalog.ModelsCatalog;
import io.modelrunner.core.catalog.ResolvedModel;
import io.modelrunner.core.catalog.TimeAxisPointer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /api/models}: the models of the models catalog, each with whether it runs an image or
 * a command (never the command or its environment: they may hold secrets), its labels, and its
 * input and output schemas (a link to {@code GET /api/schemas/models/{slug}/{input|output}}, or
 * {@code none}) and the time axis of its output ({@code timeAxis}, a JSON pointer, or null), so
 * that a web application can build its model list, forms and charts. Needs the API token, as every
 * {@code /api/} path but the schemas does; the schemas it links to are open.
 */
@Path("/api/models")
@Access(Access.Level.API_TOKEN)
@Produces(MediaType.APPLICATION_JSON)
public final class ModelsResource {
  private final ModelsCatalog catalog;
  private final JsonResponses responses;

  public ModelsResource(ModelsCatalog catalog, JsonResponses responses) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.responses = Objects.requireNonNull(responses, "responses");
  }

  @GET
  public Response list() {
    List<Map<String, Object>> models = new ArrayList<>();
    for (String slug : catalog.slugs()) {
      ResolvedModel model = catalog.entry(slug).orElseThrow();
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("slug", slug);
      view.put("image", model.launch().image() != null);
      view.put("command", !model.launch().command().isEmpty());
      view.put("labels", List.copyOf(model.requiredLabels()));
      view.put("input", schemaView(slug, "input", model.contract().input()));
      view.put("output", schemaView(slug, "output", model.contract().output()));
      view.put("timeAxis", catalog.timeAxis(slug).map(TimeAxisPointer::pointer).orElse(null));
      models.add(view);
    }
    return responses.ok(Map.of("models", models));
  }

  /** {@code {"kind": "none"}}, or the kind, the built-in name if any, and the schema's link. */
  static Map<String, Object> schemaView(String slug, String side, ContractSchema schema) {
    Map<String, Object> view = new LinkedHashMap<>();
    if (schema.isNone()) {
      view.put("kind", ContractSchema.NONE);
      return view;
    }
    if (schema.builtIn().isPresent()) {
      view.put("kind", "built-in");
      view.put("name", schema.builtIn().get().id());
    } else {
      view.put("kind", "custom");
    }
    view.put("href", SchemasResource.modelSchemaPath(slug, side));
    return view;
  }
}
