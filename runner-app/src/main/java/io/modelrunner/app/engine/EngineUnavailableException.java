package io.modelrunner.app.engine;

/** The engine asked for cannot be used; the message says why (e.g. no Docker engine answers). */
public final class EngineUnavailableException extends RuntimeException {
  public EngineUnavailableException(String why) {
    super(why);
  }
}
