package io.modelrunner.api.schema;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import io.modelrunner.api.schema.internal.ErrorTranslator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A parsed, ready-to-use JSON Schema. Thread-safe; parse once (through {@link SchemaValidator}),
 * validate many times.
 */
@API(status = STABLE, since = "0.1.0")
public final class JsonSchema {
  private final URI location;
  private final JsonNode schemaNode;
  private final Schema compiled;
  private final ObjectMapper mapper;

  JsonSchema(URI location, JsonNode schemaNode, Schema compiled, ObjectMapper mapper) {
    this.location = Objects.requireNonNull(location);
    this.schemaNode = Objects.requireNonNull(schemaNode);
    this.compiled = Objects.requireNonNull(compiled);
    this.mapper = Objects.requireNonNull(mapper);
  }

  /** Where this schema was loaded from. */
  public URI location() {
    return location;
  }

  /** The schema document itself (a read-only view: do not modify it). */
  public JsonNode document() {
    return schemaNode;
  }

  /** The errors of {@code document}, sorted by pointer; empty when it is valid. */
  public List<ValidationError> validate(JsonNode document) {
    Objects.requireNonNull(document, "document");
    return ErrorTranslator.translate(compiled.validate(document));
  }

  /**
   * Parses JSON from {@code in} (which is not closed) and validates it.
   *
   * @throws InvalidJsonException when the stream is not one JSON document
   * @throws IOException when the stream cannot be read
   */
  public List<ValidationError> validate(InputStream in) throws IOException {
    return validate(parse(mapper, in));
  }

  static JsonNode parse(ObjectMapper mapper, InputStream in) throws IOException {
    try {
      JsonNode node = mapper.readTree(in);
      if (node == null || node.isMissingNode()) {
        throw new InvalidJsonException("not JSON: the input is empty", null);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidJsonException("not JSON: " + e.getOriginalMessage() + locationOf(e), e);
    }
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  @Override
  public String toString() {
    return "JsonSchema[" + location + "]";
  }
}
