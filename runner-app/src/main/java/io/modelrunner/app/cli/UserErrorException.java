package io.modelrunner.app.cli;

/** A problem the user can fix (a missing file, unreadable JSON, a bad option): exit code 2. */
public final class UserErrorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserErrorException(String message, Throwable cause) {
    super(message, cause);
  }
}
