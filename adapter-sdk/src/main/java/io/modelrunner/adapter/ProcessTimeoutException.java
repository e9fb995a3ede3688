package io.modelrunner.adapter;

import java.time.Duration;

/** A process outlived its deadline; it and its children were killed. */
public final class ProcessTimeoutException extends Exception {
  private static final long serialVersionUID = 1L;

  public ProcessTimeoutException(String command, Duration deadline) {
    super("'" + command + "' did not finish within " + deadline + " and was killed");
  }
}
