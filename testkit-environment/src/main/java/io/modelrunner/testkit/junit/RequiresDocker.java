package io.modelrunner.testkit.junit;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class or method only when a Docker engine answers (at {@code
 * DOCKER_HOST}, else {@code unix:///var/run/docker.sock}) and has the {@link #images() images} the
 * test builds on; otherwise skips it with a message saying what is missing. With {@code
 * MODEL_RUNNER_REQUIRE_DOCKER=true} (CI) a missing engine or image fails the test instead.
 */
@Documented
@Inherited
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresDockerCondition.class)
@API(status = STABLE, since = "0.1.0")
public @interface RequiresDocker {
  /** Local images that must exist, e.g. {@code local/busybox:1} (no image can be pulled here). */
  String[] images() default {};
}
