package io.modelrunner.adapter;

import java.time.Duration;
import org.apiguardian.api.API;

/** A process outlived its deadline; it and its children were killed. */
@API(status = API.Status.MAINTAINED, since = "0.1.0")
public final class ProcessTimeoutException extends Exception {
  private static final long serialVersionUID = 1L;

  public ProcessTimeoutException(String command, Duration deadline) {
    super("'" + command + "' did not finish within " + deadline + " and was killed");
  }
}
