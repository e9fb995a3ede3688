package io.modelrunner.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.api.schema.ValidationError;
import io.modelrunner.app.service.NotAcceptingWorkException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every exception into an {@code application/problem+json} answer: {@link ProblemException}
 * as it says, {@link NotAcceptingWorkException} (shutting down) a 503 with {@code Retry-After},
 * Jersey's own (unknown path 404, wrong method 405, unacceptable media type 406/415) with their
 * status, and anything else — an unexpected {@code IllegalStateException} included — a 500 whose
 * body says only where to look, never a stack trace.
 */
public final class ProblemMapper implements ExceptionMapper<Throwable> {
  public static final String PROBLEM_JSON = "application/problem+json";
  private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

  private final ObjectMapper mapper;

  public ProblemMapper(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  @Override
  public Response toResponse(Throwable exception) {
    if (exception instanceof ProblemException p) {
      Response.ResponseBuilder answer = builder(p.status(), p.title(), p.detail(), p.errors());
      if (p.retryAfterSeconds() != null) {
        answer.header("Retry-After", p.retryAfterSeconds());
      }
      return answer.build();
    }
    if (exception instanceof NotAcceptingWorkException) {
      return toResponse(
          ProblemException.unavailable(
              exception.getMessage(), NotAcceptingWorkException.RETRY_AFTER_SECONDS));
    }
    if (exception instanceof WebApplicationException w) {
      int status = w.getResponse().getStatus();
      if (status >= 500) {
        LOG.error("request failed", exception);
        return build(
            500, "Internal Server Error", "internal error; see the service log", List.of());
      }
      String detail =
          switch (status) {
            case 404 -> "no such resource; see /openapi.yaml";
            case 405 -> "method not allowed here; see /openapi.yaml";
            case 406 -> "this endpoint answers application/json only";
            case 415 -> "send the body as application/json";
            default -> w.getResponse().getStatusInfo().getReasonPhrase();
          };
      Response.ResponseBuilder built =
          builder(status, w.getResponse().getStatusInfo().getReasonPhrase(), detail, List.of());
      if (exception instanceof NotAllowedException) {
        built.allow(w.getResponse().getAllowedMethods());
      }
      return built.build();
    }
    LOG.error("unexpected failure while answering a request", exception);
    return build(500, "Internal Server Error", "internal error; see the service log", List.of());
  }

  /**
   * {@code text} with every unpaired surrogate (which a request can smuggle in as a JSON escape and
   * which cannot be written as UTF-8) replaced by U+FFFD, so that a problem body that echoes a
   * request always writes.
   */
  public static String writable(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1));
      if (!pair && Character.isSurrogate(c)) {
        if (out == null) {
          out = new StringBuilder(text.length()).append(text, 0, i);
        }
        out.append('\uFFFD');
      } else if (out != null) {
        out.append(c);
        if (pair) {
          out.append(text.charAt(i + 1));
        }
      }
      if (pair) {
        i++;
      }
    }
    return out == null ? text : out.toString();
  }

  /** A problem answer. */
  public Response build(int status, String title, String detail, List<ValidationError> errors) {
    return builder(status, title, detail, errors).build();
  }

  /** A problem answer, for adding headers. */
  public Response.ResponseBuilder builder(
      int status, String title, String detail, List<ValidationError> errors) {
    ObjectNode body = mapper.createObjectNode();
    body.put("type", "about:blank");
    body.put("title", writable(title));
    body.put("status", status);
    body.put("detail", writable(detail));
    if (!errors.isEmpty()) {
      ArrayNode list = body.putArray("errors");
      for (ValidationError e : errors) {
        ObjectNode entry =
            list.addObject()
                .put("pointer", writable(e.pointer()))
                .put("message", writable(e.message()));
        if (!e.models().isEmpty()) {
          ArrayNode models = entry.putArray("models");
          e.models().forEach(m -> models.add(writable(m)));
        }
      }
    }
    try {
      return Response.status(status).type(PROBLEM_JSON).entity(mapper.writeValueAsBytes(body));
    } catch (Exception e) {
      throw new IllegalStateException("cannot write a problem body", e);
    }
  }
}
