package io.modelrunner.adapter.client;

import org.apiguardian.api.API;

/**
 * Why {@link AdapterClient} could not get a result. The subclasses tell apart an adapter that
 * cannot be reached, one that refused a call, a model run that failed, and a deadline.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public abstract sealed class AdapterClientException extends Exception
    permits AdapterClientException.Unreachable,
        AdapterClientException.Refused,
        AdapterClientException.NotServed,
        AdapterClientException.RunFailed,
        AdapterClientException.DeadlineExceeded {
  private static final long serialVersionUID = 1L;
  private final String modelRunId;

  AdapterClientException(String message, String modelRunId, Throwable cause) {
    super(message, cause);
    this.modelRunId = modelRunId;
  }

  /** The run concerned, or null when none was created. */
  public String modelRunId() {
    return modelRunId;
  }

  /** The adapter could not be reached or answered something that is not the adapter JSON. */
  public static final class Unreachable extends AdapterClientException {
    private static final long serialVersionUID = 1L;

    Unreachable(String message, String modelRunId, Throwable cause) {
      super(message, modelRunId, cause);
    }
  }

  /**
   * The adapter answered a call with an HTTP error (400, 404, 409, 413, 422, 503...). The message
   * carries what the adapter said, whatever the body's form (adapter JSON, a problem, a validation
   * error, HTML or text), shortened to 500 characters.
   */
  public static final class Refused extends AdapterClientException {
    private static final long serialVersionUID = 1L;
    private final int httpStatus;

    Refused(String message, String modelRunId, int httpStatus) {
      super(message, modelRunId, null);
      this.httpStatus = httpStatus;
    }

    public int httpStatus() {
      return httpStatus;
    }
  }

  /**
   * The adapter does not serve the endpoint called: HTTP 404 or 405 with a body that is not the
   * adapter's answer about a run (e.g. a web framework's own "Not Found" page). Adapters of the
   * energy-system ecosystem may serve no {@code /status/{id}}; a caller then polls {@code
   * /results/{id}} instead.
   */
  public static final class NotServed extends AdapterClientException {
    private static final long serialVersionUID = 1L;
    private final int httpStatus;

    NotServed(String message, String modelRunId, int httpStatus) {
      super(message, modelRunId, null);
      this.httpStatus = httpStatus;
    }

    public int httpStatus() {
      return httpStatus;
    }
  }

  /** The model run ended in ERROR; the message carries the adapter's reason. */
  public static final class RunFailed extends AdapterClientException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    RunFailed(String modelRunId, String reason) {
      super("model run " + modelRunId + " failed: " + reason, modelRunId, null);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  /** The run did not finish before the deadline (it was removed, so the adapter cancelled it). */
  public static final class DeadlineExceeded extends AdapterClientException {
    private static final long serialVersionUID = 1L;

    DeadlineExceeded(String message, String modelRunId) {
      super(message, modelRunId, null);
    }
  }
}
