package io.modelrunner.consumer;

import io.modelrunner.testkit.junit.ServerCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The build staged the published modules: the staging repository holds model-runner-bom of this
 * version. Not when the build ran offline: maven-deploy-plugin refuses {@code -o}, even for a file
 * repository.
 */
public final class StagingRepositoryDeployed implements ServerCheck {
  @Override
  public Optional<String> missing() {
    if ("offline=true".equals(System.getProperty("build.offline"))) {
      return Optional.of(
          "the build ran offline (-o), so nothing was staged (maven-deploy-plugin refuses to"
              + " deploy offline): run it without -o");
    }
    String staging = System.getProperty("staging.repository", "");
    String version = System.getProperty("model-runner.version", "");
    Path bom = Path.of(staging, "io/modelrunner/model-runner-bom", version);
    if (staging.isEmpty() || version.isEmpty() || !Files.isDirectory(bom)) {
      return Optional.of(
          "the staging repository "
              + staging
              + " holds no model-runner-bom "
              + version
              + ": build with verify (the stage execution), without -Dmaven.deploy.skip=true");
    }
    return Optional.empty();
  }
}
