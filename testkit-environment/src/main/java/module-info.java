/**
 * What a test needs from outside and what it does when that is missing: {@code @RequiresDocker},
 * {@code @RequiresServer} and {@code Requirements} (skip on a laptop, fail when {@code
 * MODEL_RUNNER_REQUIRE_*} is {@code true}), and {@code TestDocker}, which builds small test images
 * from local base images.
 *
 * <p>{@code @RequiresServer} creates each {@code ServerCheck} through its no-argument constructor:
 * a check in a named module must be in a package opened to this module.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // docker-java
module io.modelrunner.testkit.environment {
  requires transitive io.modelrunner.core;
  requires transitive org.junit.jupiter.api;
  requires transitive com.github.dockerjava.api;
  requires transitive org.apiguardian.api;

  exports io.modelrunner.testkit.docker;
  exports io.modelrunner.testkit.junit;
}
