package io.modelrunner.testkit.junit;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * A kind of outside thing a test needs. Each kind has the environment variable that, set to {@code
 * true}, turns "skip when missing" into "fail when missing": CI sets both, so a missing engine or
 * server there is a failure, while on a laptop the tests skip with a message.
 */
@API(status = STABLE, since = "0.1.0")
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
