package io.modelrunner.app.registry;

import io.modelrunner.app.http.Access;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /status}: the deployed Model-Registry's liveness probe (its {@code status} blueprint
 * answers 200 with the text {@code OK!}), which the ecosystem's tools call on a registry. Says only
 * that the service answers; {@code /ready} says whether it can work.
 */
@Path("/status")
@Access(Access.Level.OPEN)
public final class StatusResource {
  /** The body the deployed registry answers. */
  public static final String OK = "OK!";

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public Response status() {
    return Response.ok(OK, MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build();
  }
}
