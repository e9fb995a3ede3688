package io.modelrunner.testkit.junit;

/**
 * A kind of outside thing a test needs. Each kind has the environment variable that, set to {@code
 * true}, turns "skip when missing" into "fail when missing": CI sets both, so a missing engine or
 * server there is a failure, while on a laptop the tests skip with a message.
 */
public enum Requirement {
  /** A Docker engine (and the local base images the test names). */
  DOCKER("MODEL_RUNNER_REQUIRE_DOCKER"),
  /** A server or tool the test starts or talks to: PostgreSQL, Azurite, S3Proxy, Python, Flask. */
  SERVER("MODEL_RUNNER_REQUIRE_SERVERS");

  private final String environmentVariable;

  Requirement(String environmentVariable) {
    this.environmentVariable = environmentVariable;
  }

  /** The variable that makes a missing requirement of this kind a failure. */
  public String environmentVariable() {
    return environmentVariable;
  }
}
