package io.modelrunner.app.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelrunner.app.http.Access;
import io.modelrunner.app.http.JsonResponses;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /health} (the process answers), {@code GET /ready} (it can take runs: database
 * reachable, engine answering, not shutting down; 503 with the failing checks otherwise) and {@code
 * GET /metrics} (Prometheus text format). Open to all.
 */
@Path("/")
@Access(Access.Level.OPEN)
public final class OperationsResource {
  static final String OPENAPI_RESOURCE = "/model-runner/service/runner-api.openapi.yaml";

  private final Map<String, BooleanSupplier> readiness;
  private final PrometheusMeterRegistry metrics;
  private final JsonResponses responses;
  private final String version;

  /**
   * @param readiness named checks, all of which must pass for {@code /ready}
   */
  public OperationsResource(
      Map<String, BooleanSupplier> readiness,
      PrometheusMeterRegistry metrics,
      JsonResponses responses,
      String version) {
    this.readiness = Map.copyOf(readiness);
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.responses = Objects.requireNonNull(responses, "responses");
    this.version = Objects.requireNonNull(version, "version");
  }

  @GET
  @Path("health")
  @Produces(MediaType.APPLICATION_JSON)
  public Response health() {
    return responses.ok(Map.of("status", "UP", "version", version));
  }

  @GET
  @Path("ready")
  @Produces(MediaType.APPLICATION_JSON)
  public Response ready() {
    Map<String, String> checks = new LinkedHashMap<>();
    boolean ok = true;
    for (Map.Entry<String, BooleanSupplier> check : readiness.entrySet()) {
      boolean passed;
      try {
        passed = check.getValue().getAsBoolean();
      } catch (RuntimeException e) {
        passed = false;
      }
      checks.put(check.getKey(), passed ? "UP" : "DOWN");
      ok &= passed;
    }
    return responses.of(
        ok ? 200 : 503, Map.of("status", ok ? "READY" : "NOT_READY", "checks", checks));
  }

  /** The service's OpenAPI document (docs/runner-api.openapi.yaml, packaged in the jar). */
  @GET
  @Path("openapi.yaml")
  @Produces("application/yaml")
  public Response openApi() throws java.io.IOException {
    try (java.io.InputStream in = OperationsResource.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw io.modelrunner.app.http.ProblemException.notFound(
            "this build carries no OpenAPI document");
      }
      return Response.ok(in.readAllBytes()).type("application/yaml").build();
    }
  }

  @GET
  @Path("metrics")
  @Produces("text/plain")
  public Response metrics() {
    return Response.ok(metrics.scrape().getBytes(StandardCharsets.UTF_8))
        .type("text/plain; version=0.0.4; charset=utf-8")
        .build();
  }
}
