package io.modelrunner.core.engine.docker;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.core.engine.EngineException;
import org.apiguardian.api.API;

/**
 * Registry credentials cannot be read: a Docker {@code config.json} that is not valid, or a
 * credential helper that is missing, fails or does not answer in time. The message names the file
 * or the helper and never holds a credential.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public class DockerCredentialsException extends EngineException {
  private static final long serialVersionUID = 1L;

  public DockerCredentialsException(String message) {
    super(message);
  }

  public DockerCredentialsException(String message, Throwable cause) {
    super(message, cause);
  }
}
