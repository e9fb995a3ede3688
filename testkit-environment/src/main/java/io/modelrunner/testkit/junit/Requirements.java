package io.modelrunner.testkit.junit;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * Decides what a test does when something it needs is missing: skip with a message, or — when the
 * requirement's environment variable is {@code true} — fail. This is the only code in the project
 * that reads {@code MODEL_RUNNER_REQUIRE_DOCKER} and {@code MODEL_RUNNER_REQUIRE_SERVERS}; {@link
 * RequiresDocker}, {@link RequiresServer} and tests that find out during set-up all go through it.
 *
 * <pre>{@code
 * if (!Files.isExecutable(azurite)) {
 *   throw Requirements.fromEnvironment().unmet(Requirement.SERVER, "azurite is not installed (npm i -g azurite)");
 * }
 * }</pre>
 */
@API(status = STABLE, since = "0.1.0")
public final class Requirements {
  private final Function<String, String> environment;

  private Requirements(Function<String, String> environment) {
    this.environment = environment;
  }

  /** The policy of this process's environment. */
  public static Requirements fromEnvironment() {
    return new Requirements(System::getenv);
  }

  /**
   * The policy for the test of {@code context}: a JUnit configuration parameter named like the
   * variable ({@code MODEL_RUNNER_REQUIRE_SERVERS=false}) wins over the environment, so that a test
   * of a condition can choose the policy it runs under.
   */
  public static Requirements forContext(ExtensionContext context) {
    return new Requirements(
        name -> context.getConfigurationParameter(name).orElseGet(() -> System.getenv(name)));
  }

  /** The policy of the given variables (for tests of the policy itself). */
  public static Requirements of(Map<String, String> environment) {
    Map<String, String> copy = Map.copyOf(environment);
    return new Requirements(copy::get);
  }

  /** Whether a missing requirement of this kind fails the test rather than skipping it. */
  public boolean required(Requirement requirement) {
    return "true".equalsIgnoreCase(environment.apply(requirement.environmentVariable()));
  }

  /**
   * The exception to throw because {@code missing} (what is missing, and how to get it) is missing:
   * a {@link TestAbortedException} (the test is skipped) or, where required, an exception that
   * fails it, whose message names the variable.
   */
  public RuntimeException unmet(Requirement requirement, String missing) {
    Objects.requireNonNull(missing, "missing");
    if (required(requirement)) {
      return new RequirementFailure(
          missing + " (" + requirement.environmentVariable() + "=true requires it)");
    }
    return new TestAbortedException("Skipped: " + missing);
  }

  /** Throws {@link #unmet} unless {@code available}. */
  public void require(Requirement requirement, boolean available, String missing) {
    if (!available) {
      throw unmet(requirement, missing);
    }
  }

  /** A required thing is missing: a failure, and a RuntimeException so set-up code can throw it. */
  static final class RequirementFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RequirementFailure(String message) {
      super(message);
    }
  }
}
