package io.modelrunner.core.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class or method only when a Docker engine answers (at {@code
 * DOCKER_HOST}, else {@code unix:///var/run/docker.sock}); otherwise skips it with a message saying
 * so. With the environment variable {@value RequiresDockerCondition#REQUIRE_ENV} set to {@code
 * true} (CI), a missing engine fails the tests instead.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresDockerCondition.class)
public @interface RequiresDocker {}
