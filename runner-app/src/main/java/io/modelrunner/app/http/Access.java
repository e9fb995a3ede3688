package io.modelrunner.app.http;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a resource method: on the method, else on its resource class. {@link AuthFilter}
 * enforces it on the resource method that Jersey matched, whatever the path looked like on the
 * wire. A matched method with no marking on it or its class needs the API token (deny by default).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Access {
  Level value();

  /** The access levels, from the most open. */
  enum Level {
    /** Anyone: probes, metrics, the OpenAPI document, schemas, registry reads and search. */
    OPEN,
    /** {@code Authorization: Bearer <api token>}: the runs API. */
    API_TOKEN,
    /**
     * Registry writes: with {@code registry.token} configured, {@code Authorization: Bearer
     * <registry token>}; else a caller inside {@code registry.trusted-networks}. Which entries a
     * caller may change is the registry's rule ({@link Caller}).
     */
    REGISTRY_WRITE
  }
}
