package io.modelrunner.example.seir;

import io.modelrunner.testkit.docker.BuildScript;

/**
 * The module's connector image, built by {@code build-image.sh} from {@code
 * local/python3:bookworm}.
 */
final class SeirConnectorImage {
  /** The tag {@code build-image.sh} gives it (also the one in {@code examples/models.json}). */
  static final String NAME = "model-runner/seir-connector:latest";

  private SeirConnectorImage() {}

  /** Builds it (from the cache when the sources did not change) and returns its tag. */
  static String build() throws Exception {
    return BuildScript.build(NAME);
  }
}
