package io.modelrunner.adapter;

import org.apiguardian.api.API;

/**
 * Thrown by {@link ModelAdapter#initialize(Object)} to refuse a run's configuration: the run goes
 * to {@code ERROR} with this message as its reason, and the SDK logs one line without a stack trace
 * (it is the caller's mistake, not the adapter's). Any other exception from {@code initialize}
 * refuses the configuration too, but is logged with its stack trace at debug level.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public class ConfigurationRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A refusal that says what is wrong with the configuration.
   *
   * @param message what is wrong and how to fix it; becomes the run's {@code reason}
   */
  public ConfigurationRefusedException(String message) {
    super(message);
  }
}
