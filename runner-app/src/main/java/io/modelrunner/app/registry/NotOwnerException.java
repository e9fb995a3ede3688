package io.modelrunner.app.registry;

/**
 * The caller may not change or delete this registry entry: another client address registered it,
 * and the caller did not present the registry token. The message names the rule.
 */
public class NotOwnerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotOwnerException(String message) {
    super(message);
  }
}
