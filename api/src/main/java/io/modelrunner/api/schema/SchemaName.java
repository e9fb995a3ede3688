package io.modelrunner.api.schema;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;

/** The schemas shipped with model-runner, on the classpath under {@value #RESOURCE_DIR}. */
@API(status = STABLE, since = "0.1.0")
public enum SchemaName {
  /** A run request. */
  RUNNER,
  /** The standard model input ({@code inputFile.json}). */
  INPUT,
  /** The standard model output ({@code data.json}). */
  OUTPUT,
  /**
   * The domain-free envelope of a run request ({@code id}, {@code models}, {@code configuration} an
   * object, {@code callbackURL}); each model's input schema then checks {@code configuration}.
   */
  REQUEST;

  /** The classpath folder of the built-in schemas; stable across versions. */
  public static final String RESOURCE_DIR = "model-runner/schemas";

  /** The short name: {@code runner}, {@code input}, {@code output} or {@code request}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The classpath resource, e.g. {@code model-runner/schemas/runner.schema.json}. */
  public String resourcePath() {
    return RESOURCE_DIR + "/" + id() + ".schema.json";
  }

  /** The built-in schema called {@code id} ({@code runner}, {@code input}, {@code output}, …). */
  public static Optional<SchemaName> fromId(String id) {
    return Arrays.stream(values()).filter(n -> n.id().equals(id)).findFirst();
  }
}
