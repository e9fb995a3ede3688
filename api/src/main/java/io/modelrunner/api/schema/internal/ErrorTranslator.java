package io.modelrunner.api.schema.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import io.modelrunner.api.schema.ValidationError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apiguardian.api.API;

/**
 * Turns networknt's errors into {@link ValidationError}s: an RFC 6901 pointer at the offending
 * value (for {@code required} and {@code additionalProperties}: at the property itself) and a short
 * message for a person.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ErrorTranslator {
  private static final Comparator<ValidationError> ORDER =
      Comparator.comparing(ValidationError::pointer).thenComparing(ValidationError::message);

  private ErrorTranslator() {}

  public static List<ValidationError> translate(List<Error> errors) {
    List<ValidationError> out = new ArrayList<>(errors.size());
    for (Error error : errors) {
      ValidationError translated = translate(error);
      if (!out.contains(translated)) {
        out.add(translated);
      }
    }
    out.sort(ORDER);
    return List.copyOf(out);
  }

  static ValidationError translate(Error error) {
    String at = pointer(error.getInstanceLocation());
    String keyword = error.getKeyword() == null ? "" : error.getKeyword();
    JsonNode instance = error.getInstanceNode();
    JsonNode schema = error.getSchemaNode();
    switch (keyword) {
      case "required":
        return new ValidationError(at + "/" + escape(error.getProperty()), "is required");
      case "additionalProperties":
        return new ValidationError(
            at + "/" + escape(error.getProperty()), "is not allowed here (unknown property)");
      case "type":
        if (schema != null && instance != null) {
          return new ValidationError(
              at, "must be " + expectedTypes(schema) + ", not " + typeOf(instance));
        }
        break;
      case "enum":
        if (schema != null && schema.isArray()) {
          return new ValidationError(at, "must be one of " + values(schema) + ", not " + instance);
        }
        break;
      case "minItems":
      case "maxItems":
        if (schema != null && instance != null && instance.isArray()) {
          String bound = keyword.equals("minItems") ? "at least " : "at most ";
          return new ValidationError(
              at,
              "must have "
                  + bound
                  + schema.asInt()
                  + " item"
                  + (schema.asInt() == 1 ? "" : "s")
                  + ", has "
                  + instance.size());
        }
        break;
      default:
        break;
    }
    return new ValidationError(at, stripLocation(error.getMessage(), error.getInstanceLocation()));
  }

  /** The JSON pointer of a networknt path, whatever its configured notation. */
  static String pointer(NodePath path) {
    if (path == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object element = path.getElement(i);
      sb.append('/').append(escape(String.valueOf(element)));
    }
    return sb.toString();
  }

  static String escape(String token) {
    return token == null ? "" : token.replace("~", "~0").replace("/", "~1");
  }

  private static String stripLocation(String message, NodePath location) {
    if (message == null) {
      return "is invalid";
    }
    String prefix = location == null ? null : location.toString() + ": ";
    if (prefix != null && message.startsWith(prefix)) {
      return message.substring(prefix.length());
    }
    return message;
  }

  private static String expectedTypes(JsonNode schemaType) {
    if (schemaType.isArray()) {
      return StreamSupport.stream(schemaType.spliterator(), false)
          .map(t -> article(t.asText()))
          .collect(Collectors.joining(" or "));
    }
    return article(schemaType.asText());
  }

  private static String article(String type) {
    return switch (type) {
      case "null" -> "null";
      case "array", "integer", "object" -> "an " + type;
      default -> "a " + type;
    };
  }

  private static String typeOf(JsonNode node) {
    if (node.isNumber()) {
      return node.isIntegralNumber() ? "an integer" : "a number";
    }
    return switch (node.getNodeType()) {
      case NULL -> "null";
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static String values(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(JsonNode::toString)
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
