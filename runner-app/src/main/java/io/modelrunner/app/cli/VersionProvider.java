package io.modelrunner.app.cli;

import io.modelrunner.app.Version;
import picocli.CommandLine.IVersionProvider;

/** Prints the project version for {@code --version}. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"model-runner " + Version.current()};
  }
}
