package io.modelrunner.conformance.connector;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apiguardian.api.API;

/** The inputs a check sends when it is given none. */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ConnectorInputs {
  private static final String EPIDEMIC = "epidemic-input.json";

  private ConnectorInputs() {}

  /**
   * A valid input of the built-in {@code input} schema (the standard epidemic domain): the
   * configuration of {@code examples/request.json}.
   */
  public static String epidemicExample() {
    try (InputStream in = ConnectorInputs.class.getResourceAsStream(EPIDEMIC)) {
      if (in == null) {
        throw new IllegalStateException("resource missing: " + EPIDEMIC);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
