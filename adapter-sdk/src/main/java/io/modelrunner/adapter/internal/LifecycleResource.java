package io.modelrunner.adapter.internal;

import io.modelrunner.api.adapter.ModelRunInfo;
import io.modelrunner.api.adapter.ModelRunState;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** The adapter lifecycle endpoints, served under the configured base path. */
@Path("/")
public final class LifecycleResource {
  /** Beyond this many bytes an oversize body is not read any further (the connection closes). */
  static final long DRAIN_LIMIT = 64L * 1024 * 1024;

  private final RunCoordinator<?> coordinator;
  private final JsonResponses responses;
  private final int maxBodyBytes;

  /** What the resource needs; bound once per server, injected into each request's resource. */
  public record Dependencies(
      RunCoordinator<?> coordinator, JsonResponses responses, int maxBodyBytes) {
    public Dependencies {
      Objects.requireNonNull(coordinator, "coordinator");
      Objects.requireNonNull(responses, "responses");
    }
  }

  @Inject
  public LifecycleResource(Dependencies dependencies) {
    this.coordinator = dependencies.coordinator();
    this.responses = dependencies.responses();
    this.maxBodyBytes = dependencies.maxBodyBytes();
  }

  @GET
  @Path("request")
  public Response request() {
    return responses.of(coordinator.request());
  }

  @POST
  @Path("initialize/{id}")
  public Response initialize(@PathParam("id") String id, InputStream body) throws IOException {
    byte[] bytes = body == null ? new byte[0] : body.readNBytes(maxBodyBytes + 1);
    if (bytes.length > maxBodyBytes) {
      drain(body);
      return responses.of(
          413,
          ModelRunInfo.error(
              id,
              "the body is larger than this adapter accepts ("
                  + maxBodyBytes
                  + " bytes); pass large inputs by reference"));
    }
    return responses.of(coordinator.initialize(id, bytes));
  }

  /**
   * Reads and discards the rest of an oversize body (up to {@link #DRAIN_LIMIT}), so that the
   * client receives the 413 instead of a connection reset while it is still sending.
   */
  private static void drain(InputStream body) throws IOException {
    long drained = 0;
    byte[] buffer = new byte[64 * 1024];
    int n;
    while (drained < DRAIN_LIMIT && (n = body.read(buffer)) >= 0) {
      drained += n;
    }
  }

  @GET
  @Path("run/{id}")
  public Response run(@PathParam("id") String id) {
    return responses.of(coordinator.run(id));
  }

  @GET
  @Path("status/{id}")
  public Response status(@PathParam("id") String id) {
    return responses.of(coordinator.status(id));
  }

  /** Liveness for the existing orchestrator, which probes {@code GET {base}/status}. */
  @GET
  @Path("status")
  public Response alive() {
    return responses.of(200, ModelRunInfo.of(null, ModelRunState.UNKNOWN));
  }

  @GET
  @Path("results/{id}")
  public Response results(@PathParam("id") String id) {
    return responses.of(coordinator.results(id));
  }

  @GET
  @Path("remove/{id}")
  public Response remove(@PathParam("id") String id) {
    return responses.of(coordinator.remove(id));
  }
}
