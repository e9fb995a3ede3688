package io.modelrunner.adapter.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.ValidationError;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * Turns an {@code initialize} body into the author's config type: parse, validate against the
 * author's schema (if any), bind (ignoring unknown keys unless strict).
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class ConfigDecoder<C> {

  /**
   * The body cannot become a config; the message says why, for the caller. {@link #errors()} names
   * the offending fields (JSON pointers) when the body is JSON but not a valid configuration (HTTP
   * 422); it is empty when the body is not JSON at all (HTTP 400).
   */
  public static final class InvalidConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<ValidationError> errors;

    InvalidConfigException(String message, Throwable cause) {
      this(message, cause, List.of());
    }

    InvalidConfigException(String message, Throwable cause, List<ValidationError> errors) {
      super(message, cause);
      this.errors = List.copyOf(errors);
    }

    public List<ValidationError> errors() {
      return errors;
    }

    /** 400 when the body is not a JSON document, 422 when the document is not a valid config. */
    public int httpStatus() {
      return errors.isEmpty() ? 400 : 422;
    }
  }

  private final ObjectMapper mapper;
  private final ObjectReader reader;
  private final JsonSchema schema;

  /**
   * @param schema the author's schema, or null for none
   */
  public ConfigDecoder(ObjectMapper mapper, Class<C> type, boolean strict, JsonSchema schema) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    ObjectReader r = mapper.readerFor(Objects.requireNonNull(type, "type"));
    // Missing keys take Java defaults (0, false, null); an author's schema can require them.
    r = r.without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    this.reader =
        strict
            ? r.with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            : r.without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    this.schema = schema;
  }

  public C decode(byte[] body) throws InvalidConfigException {
    JsonNode node;
    try {
      node = mapper.readTree(body);
    } catch (IOException e) {
      throw new InvalidConfigException("the body is not JSON: " + message(e), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new InvalidConfigException("the body is empty; send the configuration as JSON", null);
    }
    if (schema != null) {
      List<ValidationError> errors = schema.validate(node);
      if (!errors.isEmpty()) {
        throw new InvalidConfigException(
            "the configuration does not match the adapter's schema: "
                + errors.stream().map(ValidationError::toString).collect(Collectors.joining("; ")),
            null,
            errors);
      }
    }
    try {
      return reader.readValue(reader.treeAsTokens(node));
    } catch (UnrecognizedPropertyException e) {
      String pointer = pointer(e);
      throw new InvalidConfigException(
          pointer
              + ": unknown configuration key '"
              + e.getPropertyName()
              + "' (this adapter is strict); known keys: "
              + e.getKnownPropertyIds(),
          e,
          List.of(new ValidationError(pointer, "is not allowed (this adapter is strict)")));
    } catch (JsonMappingException e) {
      String pointer = pointer(e);
      throw new InvalidConfigException(
          "the configuration is invalid: "
              + (pointer.isEmpty() ? "(root)" : pointer)
              + ": "
              + message(e),
          e,
          List.of(new ValidationError(pointer, message(e))));
    } catch (IOException | RuntimeException e) {
      throw new InvalidConfigException(
          "the configuration is invalid: " + message(e),
          e,
          List.of(new ValidationError("", message(e))));
    }
  }

  /** The JSON pointer of the value Jackson failed on ({@code ""} for the whole document). */
  private static String pointer(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      b.append('/');
      if (r.getFieldName() != null) {
        b.append(r.getFieldName().replace("~", "~0").replace("/", "~1"));
      } else {
        b.append(r.getIndex());
      }
    }
    return b.toString();
  }

  private static String message(Exception e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
      return j.getOriginalMessage();
    }
    return String.valueOf(e.getMessage());
  }
}
