package io.modelrunner.testkit.junit;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.modelrunner.core.engine.docker.DockerEngine;
import io.modelrunner.core.engine.docker.DockerEngineConfig;
import io.modelrunner.testkit.docker.TestDocker;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The condition behind {@link RequiresDocker}: pings the engine once per test run (the answer is
 * kept in the root context's store), then looks for the named local images.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class RequiresDockerCondition implements ExecutionCondition {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RequiresDockerCondition.class);

  /** Made by JUnit, for {@link RequiresDocker}. */
  public RequiresDockerCondition() {}

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    List<String> images = new ArrayList<>();
    context
        .getElement()
        .flatMap(element -> AnnotationSupport.findAnnotation(element, RequiresDocker.class))
        .ifPresent(annotation -> images.addAll(List.of(annotation.images())));
    DockerEngineConfig config =
        DockerEngineConfig.fromEnvironment("requires-docker", System.getenv());
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    boolean answers =
        store.getOrComputeIfAbsent(config.dockerHost(), host -> ping(config), Boolean.class);
    Requirements requirements = Requirements.forContext(context);
    if (!answers) {
      return skipOrFail(
          requirements,
          "no Docker engine answers at "
              + config.dockerHost()
              + " (start dockerd, or set DOCKER_HOST)");
    }
    for (String image : images) {
      boolean present =
          store.getOrComputeIfAbsent("image:" + image, key -> hasImage(image), Boolean.class);
      if (!present) {
        return skipOrFail(
            requirements,
            "the Docker engine has no image "
                + image
                + " (no image can be pulled here: run .ci/docker-setup.sh, which makes the local"
                + " base images)");
      }
    }
    return ConditionEvaluationResult.enabled("Docker engine answers at " + config.dockerHost());
  }

  private static ConditionEvaluationResult skipOrFail(Requirements requirements, String missing) {
    if (requirements.required(Requirement.DOCKER)) {
      throw requirements.unmet(Requirement.DOCKER, missing);
    }
    return ConditionEvaluationResult.disabled("Skipped: " + missing);
  }

  private static boolean ping(DockerEngineConfig config) {
    try (DockerEngine engine = new DockerEngine(config)) {
      return engine.ping();
    }
  }

  private static boolean hasImage(String image) {
    try (TestDocker docker = new TestDocker()) {
      return docker.exists(image);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
