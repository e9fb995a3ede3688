package io.modelrunner.app.http;

import io.modelrunner.api.schema.ValidationError;
import java.util.List;
import java.util.Objects;

/**
 * A client error (or a deliberate server answer) to be sent as an RFC 9457 {@code
 * application/problem+json} body: {@code {type, title, status, detail, errors: [{pointer,
 * message}]}}. Resources throw it; {@link ProblemMapper} writes it.
 */
public final class ProblemException extends RuntimeException {
  private final int status;
  private final String title;
  private final List<ValidationError> errors;
  private final String retryAfterSeconds;

  public ProblemException(int status, String title, String detail, List<ValidationError> errors) {
    this(status, title, detail, errors, null);
  }

  private ProblemException(
      int status,
      String title,
      String detail,
      List<ValidationError> errors,
      String retryAfterSeconds) {
    super(Objects.requireNonNull(detail, "detail"), null, false, false);
    this.status = status;
    this.title = Objects.requireNonNull(title, "title");
    this.errors = List.copyOf(errors == null ? List.of() : errors);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 400: the body is not what the endpoint takes; {@code errors} name the fields. */
  public static ProblemException badRequest(String detail, List<ValidationError> errors) {
    return new ProblemException(400, "Bad Request", detail, errors);
  }

  /** 400 about one field. */
  public static ProblemException badField(String pointer, String message) {
    return badRequest(
        (pointer.isEmpty() ? "the body" : pointer) + ": " + message,
        List.of(new ValidationError(pointer, message)));
  }

  /** 422: well-formed JSON that breaks the schema or a rule of the service. */
  public static ProblemException unprocessable(String detail, List<ValidationError> errors) {
    return new ProblemException(422, "Unprocessable Content", detail, errors);
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(404, "Not Found", detail, List.of());
  }

  public static ProblemException conflict(String detail, List<ValidationError> errors) {
    return new ProblemException(409, "Conflict", detail, errors);
  }

  public static ProblemException tooLarge(long maxBytes) {
    return new ProblemException(
        413,
        "Content Too Large",
        "the body is larger than the limit of " + maxBytes + " bytes",
        List.of());
  }

  public static ProblemException unauthorized(String detail) {
    return new ProblemException(401, "Unauthorized", detail, List.of());
  }

  /** 403: the caller is known but a rule of the service refuses it; {@code detail} names it. */
  public static ProblemException forbidden(String detail, List<ValidationError> errors) {
    return new ProblemException(403, "Forbidden", detail, errors);
  }

  /** 408: the request (its body) did not arrive in time. */
  public static ProblemException requestTimeout(String detail) {
    return new ProblemException(408, "Request Timeout", detail, List.of());
  }

  public static ProblemException unsupportedMediaType(String detail) {
    return new ProblemException(415, "Unsupported Media Type", detail, List.of());
  }

  /** 429 with a {@code Retry-After}. */
  public static ProblemException tooManyRequests(String detail, long retryAfterSeconds) {
    return new ProblemException(
        429, "Too Many Requests", detail, List.of(), Long.toString(retryAfterSeconds));
  }

  /** 503 with a {@code Retry-After}. */
  public static ProblemException unavailable(String detail, long retryAfterSeconds) {
    return new ProblemException(
        503, "Service Unavailable", detail, List.of(), Long.toString(retryAfterSeconds));
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public List<ValidationError> errors() {
    return errors;
  }

  /** The {@code Retry-After} header value, or null. */
  public String retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
