package io.modelrunner.conformance.adapter;

/** The adapter could not be called at all (nothing listens, a timeout): no clause can be judged. */
public final class AdapterUnreachableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AdapterUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
