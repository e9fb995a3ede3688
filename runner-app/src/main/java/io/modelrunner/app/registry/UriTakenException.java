package io.modelrunner.app.registry;

/** Another registry entry already has this {@code uri} (the registry's key). */
public class UriTakenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UriTakenException(String uri) {
    super("another registry entry already has uri " + uri);
  }
}
