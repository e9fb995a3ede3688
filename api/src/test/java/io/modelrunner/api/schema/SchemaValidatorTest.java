package io.modelrunner.api.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaValidatorTest {
  private final SchemaValidator validator = new SchemaValidator();

  @Test
  void builtInSchemaIsParsedOnceAndReused() {
    JsonSchema first = validator.schema(SchemaName.OUTPUT);
    assertThat(validator.schema(SchemaName.OUTPUT)).isSameAs(first);
    assertThat(validator.resolve("output")).isSameAs(first);
  }

  @Test
  void builtInSchemasAreDraft07WithAStableId() {
    for (SchemaName name : SchemaName.values()) {
      JsonSchema schema = validator.schema(name);
      assertThat(schema.document().get("$schema").asText())
          .isEqualTo("http://json-schema.org/draft-07/schema#");
      assertThat(schema.document().get("$id").asText())
          .isEqualTo("https://schemas.model-runner.io/v1/" + name.id() + ".schema.json");
      assertThat(schema.location().toString()).endsWith(name.resourcePath());
    }
  }

  @Test
  void validatesAStream() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/fixtures/request.json")) {
      assertThat(validator.validate(validator.schema(SchemaName.RUNNER), in)).isEmpty();
    }
  }

  @Test
  void streamThatIsNotJsonIsReportedWithItsPosition() {
    var in = new ByteArrayInputStream("{\"id\": 1,\n  oops}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> validator.schema(SchemaName.RUNNER).validate(in))
        .isInstanceOf(InvalidJsonException.class)
        .hasMessageContaining("line 2");
  }

  @Test
  void emptyStreamIsNotJson() {
    var in = new ByteArrayInputStream(new byte[0]);
    assertThatThrownBy(() -> validator.schema(SchemaName.RUNNER).validate(in))
        .isInstanceOf(InvalidJsonException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void trailingGarbageAfterTheDocumentIsNotJson() {
    var in = new ByteArrayInputStream("{} {}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> validator.schema(SchemaName.INPUT).validate(in))
        .isInstanceOf(InvalidJsonException.class);
  }

  @Test
  void loadsAnotherDomainsSchemaFromAFileWithRelativeRefs(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("quantity.json"),
        "{\"type\": \"object\", \"properties\": {\"kwh\": {\"type\": \"number\", \"minimum\": 0}},"
            + " \"required\": [\"kwh\"]}");
    Path energy = dir.resolve("energy.schema.json");
    Files.writeString(
        energy,
        "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"object\","
            + " \"properties\": {\"demand\": {\"$ref\": \"quantity.json\"}},"
            + " \"required\": [\"demand\"], \"additionalProperties\": false}");
    JsonSchema schema = validator.resolve(energy.toString());
    assertThat(schema.validate(Fixtures.MAPPER.readTree("{\"demand\": {\"kwh\": 3}}"))).isEmpty();
    assertThat(schema.validate(Fixtures.MAPPER.readTree("{\"demand\": {\"kwh\": -1}}")))
        .extracting(ValidationError::pointer)
        .containsExactly("/demand/kwh");
    assertThat(validator.load(energy.toUri())).isSameAs(schema);
  }

  @Test
  void missingSchemaFileIsASchemaLoadErrorNamingThePath(@TempDir Path dir) {
    Path missing = dir.resolve("nope.schema.json");
    assertThatThrownBy(() -> validator.resolve(missing.toString()))
        .isInstanceOf(SchemaLoadException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void schemaFileThatIsNotJsonIsASchemaLoadError(@TempDir Path dir) throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.json"), "{ not json");
    assertThatThrownBy(() -> validator.load(bad))
        .isInstanceOf(SchemaLoadException.class)
        .hasMessageContaining("bad.json");
  }

  @Test
  void schemaThatIsNeitherObjectNorBooleanIsRejected(@TempDir Path dir) throws IOException {
    Path bad = Files.writeString(dir.resolve("array.json"), "[1, 2]");
    assertThatThrownBy(() -> validator.load(bad))
        .isInstanceOf(SchemaLoadException.class)
        .hasMessageContaining("not a JSON Schema");
  }

  @Test
  void pointerTokensAreEscaped() {
    var doc = Fixtures.MAPPER.createObjectNode();
    doc.put("a/b~c", 1);
    assertThat(validator.schema(SchemaName.INPUT).validate(doc))
        .extracting(ValidationError::pointer)
        .contains("/a~1b~0c");
  }

  @Test
  void errorPrintsAsPointerColonMessage() {
    assertThat(new ValidationError("/id", "is required")).hasToString("/id: is required");
    assertThat(new ValidationError("", "must be an object"))
        .hasToString("(root): must be an object");
  }
}
