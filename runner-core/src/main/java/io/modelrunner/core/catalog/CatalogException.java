package io.modelrunner.core.catalog;

/** A models catalog file is missing, not JSON, or has an invalid entry; the message says where. */
public class CatalogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
