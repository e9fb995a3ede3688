package io.modelrunner.engine.slurm;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.core.engine.EngineException;
import org.apiguardian.api.API;

/**
 * Slurm or slurmrestd refused or failed a request, or could not be reached; the message says which
 * request, what Slurm answered and where it was sent. A platform error, never the model's.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public class SlurmException extends EngineException {
  private static final long serialVersionUID = 1L;

  public SlurmException(String message, Throwable cause) {
    super(message, cause);
  }
}
