package io.modelrunner.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.json.JsonMappers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Test documents: the project's own fixtures and the web application's reference files. */
public final class Fixtures {
  public static final ObjectMapper MAPPER = JsonMappers.standard();

  private Fixtures() {}

  public static JsonNode resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
      assertThat(in).as("fixture %s", name).isNotNull();
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The folder with the reference schemas and examples ({@code ../shared/reference/...} beside the
   * repository). In CI it must be there; on a laptop without it these tests are skipped.
   */
  public static Path referenceDir() {
    String configured = System.getProperty("reference.dir", "");
    Path dir = configured.isEmpty() ? null : Path.of(configured).toAbsolutePath().normalize();
    boolean present = dir != null && Files.isDirectory(dir);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("reference schemas missing in CI: " + dir);
    }
    Assumptions.assumeTrue(present, "reference schemas not found at " + dir + "; skipping");
    return dir;
  }

  public static JsonNode read(Path file) {
    try {
      return MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
