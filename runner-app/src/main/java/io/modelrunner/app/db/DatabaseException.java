package io.modelrunner.app.db;

/** The database failed: unreachable, refused, or a statement failed. Names the database. */
public class DatabaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
