package io.modelrunner.adapter.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.adapter.ModelRunInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Objects;

/**
 * Writes adapter answers. The body is serialised here, to bytes, so that the {@code Content-Type}
 * header is exactly {@code application/json} (no charset parameter: the existing orchestrator
 * compares the header string literally).
 */
public final class JsonResponses {
  public static final String CONTENT_TYPE = "application/json";

  private final ObjectMapper mapper;

  public JsonResponses(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  public Response of(Outcome outcome) {
    return of(outcome.status(), outcome.info());
  }

  public Response of(int status, ModelRunInfo info) {
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(info);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an adapter response", e);
    }
    return Response.status(status)
        .entity(body)
        .header(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
        .header("Cache-Control", "no-store")
        .build();
  }
}
