package io.modelrunner.testkit.junit;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class or method only when each {@link ServerCheck} finds its server or
 * tool; otherwise skips it with the check's message. With {@code MODEL_RUNNER_REQUIRE_SERVERS=true}
 * (CI) a missing one fails the test instead.
 *
 * <pre>{@code
 * @RequiresServer(PythonWithFlask.class)
 * class ThirdPartyAdapterIT { ... }
 * }</pre>
 */
@Documented
@Inherited
@Repeatable(RequiresServers.class)
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresServerCondition.class)
@API(status = STABLE, since = "0.1.0")
public @interface RequiresServer {
  /** What finds the server or tool. */
  Class<? extends ServerCheck> value();
}
