package io.modelrunner.adapter.internal;

import io.modelrunner.api.adapter.ModelRunInfo;
import io.modelrunner.api.adapter.ModelRunState;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/** Liveness, readiness and the OpenAPI document, served at the root. */
@Path("/")
public final class OperationsResource {
  static final String OPENAPI_RESOURCE = "io/modelrunner/adapter/adapter-api.openapi.yaml";

  private final JsonResponses responses;
  private final BooleanSupplier ready;

  /** What the resource needs; bound once per server, injected into each request's resource. */
  public record Dependencies(JsonResponses responses, BooleanSupplier ready) {
    public Dependencies {
      Objects.requireNonNull(responses, "responses");
      Objects.requireNonNull(ready, "ready");
    }
  }

  @Inject
  public OperationsResource(Dependencies dependencies) {
    this.responses = dependencies.responses();
    this.ready = dependencies.ready();
  }

  @GET
  @Path("health")
  public Response health() {
    return responses.of(200, ModelRunInfo.of(null, ModelRunState.UNKNOWN));
  }

  @GET
  @Path("ready")
  public Response ready() {
    return ready.getAsBoolean()
        ? responses.of(200, ModelRunInfo.of(null, ModelRunState.READY))
        : responses.of(503, ModelRunInfo.error(null, "all execution slots are busy"));
  }

  @GET
  @Path("openapi.yaml")
  public Response openApi() throws IOException {
    try (InputStream in =
        OperationsResource.class.getClassLoader().getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        return responses.of(404, ModelRunInfo.error(null, "the OpenAPI document is not packaged"));
      }
      return Response.ok(in.readAllBytes()).header("Content-Type", "application/yaml").build();
    }
  }
}
