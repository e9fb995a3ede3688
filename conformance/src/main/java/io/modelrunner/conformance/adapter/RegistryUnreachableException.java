package io.modelrunner.conformance.adapter;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** The model registry given to the check could not be called, or does not answer as a registry. */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class RegistryUnreachableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RegistryUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
