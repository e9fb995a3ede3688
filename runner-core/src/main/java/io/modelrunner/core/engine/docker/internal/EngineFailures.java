package io.modelrunner.core.engine.docker.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.exception.DockerException;
import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.internal.Throwables;
import org.apiguardian.api.API;

/** Turns docker-java failures into {@link EngineException}s that say what to check. */
@API(status = INTERNAL, since = "0.1.0")
public final class EngineFailures {
  private final String dockerHost;

  public EngineFailures(String dockerHost) {
    this.dockerHost = dockerHost;
  }

  /** Whether the engine answered (with an error status): otherwise it was not reachable. */
  public static boolean engineAnswered(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof DockerException) {
        return true;
      }
    }
    return false;
  }

  public EngineException unreachable(Throwable cause) {
    return new EngineException(
        "Docker engine not reachable at "
            + dockerHost
            + ": is dockerd running? (set DOCKER_HOST to use another engine; cause: "
            + Throwables.rootMessage(cause)
            + ")",
        cause);
  }

  /** {@code action} says what we were doing, e.g. {@code "creating the container for model x"}. */
  public EngineException failed(String action, RuntimeException cause) {
    if (!engineAnswered(cause)) {
      return unreachable(cause);
    }
    return new EngineException(
        "Docker engine at "
            + dockerHost
            + " failed "
            + action
            + ": "
            + Throwables.rootMessage(cause),
        cause);
  }
}
