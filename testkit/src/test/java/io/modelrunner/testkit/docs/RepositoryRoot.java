package io.modelrunner.testkit.docs;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root directory, where README.md and docs/ are. */
final class RepositoryRoot {
  private RepositoryRoot() {}

  /**
   * The {@code maven.multiModuleProjectDirectory} the build passes, else the nearest directory at
   * or above the working directory that holds both {@code mvnw} and {@code docs/}.
   */
  static Path find() {
    String fromBuild = System.getProperty("maven.multiModuleProjectDirectory", "");
    if (!fromBuild.isBlank()) {
      return Path.of(fromBuild).toAbsolutePath().normalize();
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no repository root (a directory with mvnw and docs/) at or above "
            + start
            + ": run the test from the repository, or pass -Dmaven.multiModuleProjectDirectory");
  }
}
