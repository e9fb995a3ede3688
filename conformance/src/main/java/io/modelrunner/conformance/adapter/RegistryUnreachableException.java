package io.modelrunner.conformance.adapter;

/** The model registry given to the check could not be called, or does not answer as a registry. */
public final class RegistryUnreachableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RegistryUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
