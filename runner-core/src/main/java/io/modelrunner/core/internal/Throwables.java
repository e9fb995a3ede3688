package io.modelrunner.core.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** What a failure's deepest cause says: for one-line, actionable messages. */
@API(status = INTERNAL, since = "0.1.0")
public final class Throwables {
  private Throwables() {}

  /** The deepest cause of {@code failure} ({@code failure} itself when it has none). */
  public static Throwable rootCause(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /**
   * The message of the deepest cause on one line (white space collapsed), or its class's simple
   * name when it has no message.
   */
  public static String rootMessage(Throwable failure) {
    Throwable root = rootCause(failure);
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.strip().replaceAll("\\s+", " ");
  }
}
