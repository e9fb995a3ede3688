package io.modelrunner.adapter.internal;

import io.modelrunner.api.adapter.ModelRunInfo;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Objects;

/**
 * Every error Jersey or our code raises becomes the usual JSON shape with state ERROR: unmatched
 * paths 404, wrong methods 405, and only genuine server faults 500.
 */
public final class JsonErrorMapper implements ExceptionMapper<Throwable> {
  private static final System.Logger LOG = System.getLogger(JsonErrorMapper.class.getName());
  private final JsonResponses responses;

  public JsonErrorMapper(JsonResponses responses) {
    this.responses = Objects.requireNonNull(responses, "responses");
  }

  @Override
  public Response toResponse(Throwable exception) {
    if (exception instanceof WebApplicationException w) {
      int status = w.getResponse().getStatus();
      String reason =
          switch (status) {
            case 404 -> "no such endpoint; see /openapi.yaml";
            case 405 -> "method not allowed on this endpoint; see /openapi.yaml";
            default -> w.getResponse().getStatusInfo().getReasonPhrase();
          };
      return responses.of(status, ModelRunInfo.error(null, reason));
    }
    LOG.log(System.Logger.Level.ERROR, "unexpected failure while answering a request", exception);
    return responses.of(500, ModelRunInfo.error(null, "internal error; see the adapter's log"));
  }
}
