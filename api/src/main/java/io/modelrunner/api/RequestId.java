package io.modelrunner.api;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The {@code id} of a run request: the wire format allows a string or a number. The original
 * lexical form is kept so that a request round-trips unchanged.
 *
 * @param text the id as text: the string itself, or the number's plain decimal form
 * @param numeric whether the id was (and is written back as) a JSON number
 */
@API(status = STABLE, since = "0.1.0")
public record RequestId(String text, boolean numeric) {

  public RequestId {
    Objects.requireNonNull(text, "text");
    if (numeric) {
      new BigDecimal(text); // throws NumberFormatException for a non-number
    }
  }

  public static RequestId of(String text) {
    return new RequestId(text, false);
  }

  public static RequestId of(long number) {
    return new RequestId(Long.toString(number), true);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static RequestId fromJson(JsonNode node) {
    if (node.isTextual()) {
      return new RequestId(node.textValue(), false);
    }
    if (node.isNumber()) {
      return new RequestId(node.decimalValue().toPlainString(), true);
    }
    throw new IllegalArgumentException(
        "id must be a string or a number, not " + node.getNodeType().name().toLowerCase());
  }

  @JsonValue
  Object toJson() {
    return numeric ? new BigDecimal(text) : text;
  }

  /** The id as it appears in URLs and file names (callback path, storage key). */
  @Override
  public String toString() {
    return text;
  }
}
