package io.modelrunner.conformance.adapter;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** The adapter could not be called at all (nothing listens, a timeout): no clause can be judged. */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class AdapterUnreachableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AdapterUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
