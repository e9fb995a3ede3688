package io.modelrunner.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Objects;

/** JSON answers written with the service's mapper (records, trees), as {@code application/json}. */
public final class JsonResponses {
  private final ObjectMapper mapper;

  public JsonResponses(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  public Response ok(Object body) {
    return of(200, body);
  }

  public Response of(int status, Object body) {
    return builder(status, body).build();
  }

  /** For answers that need headers (Location, Retry-After). */
  public Response.ResponseBuilder builder(int status, Object body) {
    try {
      return Response.status(status)
          .type(MediaType.APPLICATION_JSON_TYPE)
          .entity(mapper.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON answer", e);
    }
  }
}
