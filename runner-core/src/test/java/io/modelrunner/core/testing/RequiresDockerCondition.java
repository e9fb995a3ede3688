package io.modelrunner.core.testing;

import io.modelrunner.core.engine.docker.DockerEngine;
import io.modelrunner.core.engine.docker.DockerEngineConfig;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The condition behind {@link RequiresDocker}: pings the engine once per test run. */
public final class RequiresDockerCondition implements ExecutionCondition {
  /** Set to {@code true} to fail, not skip, Docker tests when no engine answers. */
  public static final String REQUIRE_ENV = "MODEL_RUNNER_REQUIRE_DOCKER";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RequiresDockerCondition.class);

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    DockerEngineConfig config = TestDocker.config("requires-docker-probe");
    boolean answers =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(config.dockerHost(), host -> probe(config), Boolean.class);
    if (answers) {
      return ConditionEvaluationResult.enabled("Docker engine answers at " + config.dockerHost());
    }
    String message =
        "no Docker engine answers at "
            + config.dockerHost()
            + " (start dockerd, or set DOCKER_HOST)";
    if ("true".equalsIgnoreCase(System.getenv(REQUIRE_ENV))) {
      throw new IllegalStateException(message + ", and " + REQUIRE_ENV + "=true requires one");
    }
    return ConditionEvaluationResult.disabled("Skipped: " + message);
  }

  private static boolean probe(DockerEngineConfig config) {
    try (DockerEngine engine = new DockerEngine(config)) {
      return engine.ping();
    }
  }
}
