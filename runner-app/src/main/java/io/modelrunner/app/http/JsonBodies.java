package io.modelrunner.app.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.ValidationError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Reads request bodies: at most {@code maxBytes} (a larger body is refused with 413 without reading
 * the rest into memory), then parsed with the service's mapper; malformed JSON is a 400 that says
 * where (line and column), and so is JSON with values no endpoint can take ({@link #unreadable}: a
 * number like {@code 1e10000}, an unpaired surrogate), naming each by its pointer.
 */
public final class JsonBodies {
  /** Most values listed by one 400 about {@linkplain #unreadable unreadable} values. */
  static final int MAX_UNREADABLE = 20;

  /** The longest number read, in characters; numbers are stored written out in full. */
  static final long MAX_NUMBER_CHARS = JsonMappers.READ_CONSTRAINTS.getMaxNumberLength();

  private final ObjectMapper mapper;
  private final long maxBytes;

  public JsonBodies(ObjectMapper mapper, long maxBytes) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  /** The body's bytes, at most {@link #maxBytes()}; 413 when longer, 400 when empty. */
  public byte[] readBytes(InputStream body) {
    if (body == null) {
      throw ProblemException.badField("", "a JSON body is required");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    long total = 0;
    try {
      int n;
      while ((n = body.read(buffer)) != -1) {
        total += n;
        if (total > maxBytes) {
          drain(body, total);
          throw ProblemException.tooLarge(maxBytes);
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw unreadable(e);
    }
    if (total == 0) {
      throw ProblemException.badField("", "a JSON body is required");
    }
    return out.toByteArray();
  }

  /**
   * A body that could not be read: 408 when it did not arrive in time ({@code server.body-timeout},
   * enforced by {@link HttpHost}), else 400 (the client went away or sent a broken encoding). A
   * client error either way, so nothing is logged as a failure of the service.
   */
  private static ProblemException unreadable(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.util.concurrent.TimeoutException) {
        return ProblemException.requestTimeout(
            "the request body did not arrive in time (server.body-timeout, server.body-min-rate)");
      }
    }
    return ProblemException.badField("", "the request body could not be read: " + e.getMessage());
  }

  /**
   * Reads and drops what is left of a too-large body, up to four times the limit, so that the
   * client gets to read the 413 instead of a reset connection; a longer body is cut off (the server
   * then closes the connection).
   */
  private void drain(InputStream body, long alreadyRead) throws IOException {
    byte[] buffer = new byte[8192];
    long budget = Math.max(0, 4 * maxBytes - alreadyRead);
    int n;
    while (budget > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, budget))) != -1) {
      budget -= n;
    }
  }

  /** The body as JSON (any JSON value; callers check its shape). */
  public JsonNode read(InputStream body) {
    return parse(readBytes(body));
  }

  /** Parses {@code bytes} as one JSON value; 400 naming line and column when malformed. */
  public JsonNode parse(byte[] bytes) {
    try {
      JsonNode node = mapper.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw ProblemException.badField("", "a JSON body is required");
      }
      List<ValidationError> unreadable = unreadable(node);
      if (!unreadable.isEmpty()) {
        throw ProblemException.badRequest(
            "the JSON holds values this service cannot take: " + unreadable.get(0), unreadable);
      }
      return node;
    } catch (StreamConstraintsException e) {
      throw ProblemException.badField("", "the JSON is too deeply nested or too large");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw ProblemException.badField("", "malformed JSON" + where + ": " + plain(e));
    } catch (IOException e) {
      throw ProblemException.badField("", "unreadable JSON");
    }
  }

  /**
   * The values of {@code node} that no endpoint of this service can take, whatever its rules (at
   * most {@value #MAX_UNREADABLE}): a number that, written out in plain decimal notation (as the
   * service stores numbers), would be longer than the longest number it reads ({@link
   * JsonMappers#READ_CONSTRAINTS}), such as {@code 1e10000}; a string or property name that is not
   * valid Unicode (an unpaired surrogate, from a JSON escape of half a surrogate pair), which
   * cannot be written back as UTF-8. Decided without expanding any number.
   */
  static List<ValidationError> unreadable(JsonNode node) {
    List<ValidationError> found = new ArrayList<>();
    Deque<Step> todo = new ArrayDeque<>();
    todo.push(new Step(node, null, null));
    while (!todo.isEmpty() && found.size() < MAX_UNREADABLE) {
      Step step = todo.pop();
      JsonNode value = step.node();
      if (value.isBigDecimal() || value.isBigInteger()) {
        BigDecimal d = value.decimalValue();
        long scale = d.scale();
        long precision = d.precision();
        long plain =
            (scale <= 0 ? precision - scale : scale >= precision ? 2 + scale : precision + 1)
                + (d.signum() < 0 ? 1 : 0);
        if (plain > MAX_NUMBER_CHARS) {
          found.add(
              new ValidationError(
                  step.pointer(),
                  "is a number too long to handle: written out in full it would be "
                      + plain
                      + " characters long; at most "
                      + MAX_NUMBER_CHARS));
        }
      } else if (value.isTextual()) {
        if (!validUnicode(value.textValue())) {
          found.add(
              new ValidationError(
                  step.pointer(), "is not valid Unicode text (unpaired surrogate)"));
        }
      } else if (value.isObject()) {
        List<Step> children = new ArrayList<>();
        value
            .fields()
            .forEachRemaining(
                field -> {
                  Step child = new Step(field.getValue(), step, field.getKey());
                  if (validUnicode(field.getKey())) {
                    children.add(child);
                  } else {
                    found.add(
                        new ValidationError(
                            ProblemMapper.writable(child.pointer()),
                            "the name of this property is not valid Unicode text (unpaired"
                                + " surrogate)"));
                  }
                });
        for (int i = children.size() - 1; i >= 0; i--) {
          todo.push(children.get(i));
        }
      } else if (value.isArray()) {
        for (int i = value.size() - 1; i >= 0; i--) {
          todo.push(new Step(value.get(i), step, Integer.toString(i)));
        }
      }
    }
    return found.size() > MAX_UNREADABLE ? found.subList(0, MAX_UNREADABLE) : found;
  }

  /**
   * A value met on the walk and the way back to the root: its pointer is made only when it is
   * reported, as making one for every value of a deep document would cost depth times size.
   */
  private record Step(JsonNode node, Step parent, String token) {
    String pointer() {
      Deque<String> tokens = new ArrayDeque<>();
      for (Step s = this; s.parent() != null; s = s.parent()) {
        tokens.push(s.token());
      }
      StringBuilder sb = new StringBuilder();
      for (String t : tokens) {
        sb.append('/').append(t.replace("~", "~0").replace("/", "~1"));
      }
      return sb.toString();
    }
  }

  private static boolean validUnicode(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * What Jackson found wrong, in words about the JSON: Jackson's own message without the parts that
   * speak of its classes and settings (a trailing document is "more than one JSON value"), cut to
   * 200 characters.
   */
  static String plain(JsonProcessingException e) {
    if (e instanceof MismatchedInputException
        && String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
      return "more than one JSON value: a second one starts here";
    }
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    int java = message.indexOf('`');
    if (java >= 0) {
      // "Non-standard token 'NaN': enable `JsonReadFeature…` to allow", "(bound as `…`)", …
      message = message.substring(0, java);
      int cut = Math.max(message.lastIndexOf(':'), message.lastIndexOf('('));
      message = cut > 0 ? message.substring(0, cut) : message;
    }
    message = message.strip();
    if (message.isEmpty() || message.contains("com.") || message.contains("java.")) {
      return "not valid JSON";
    }
    return message.length() > 200 ? message.substring(0, 200) + "…" : message;
  }

  /** {@link #read} and require an object. */
  public JsonNode readObject(InputStream body) {
    JsonNode node = read(body);
    if (!node.isObject()) {
      throw ProblemException.badField("", "expected a JSON object, got " + kind(node));
    }
    return node;
  }

  static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
