package io.modelrunner.app.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads request bodies: at most {@code maxBytes} (a larger body is refused with 413 without reading
 * the rest into memory), then parsed with the service's mapper; malformed JSON is a 400 that says
 * where (line and column).
 */
public final class JsonBodies {
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
      return node;
    } catch (StreamConstraintsException e) {
      throw ProblemException.badField("", "the JSON is too deeply nested or too large");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw ProblemException.badField("", "malformed JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ProblemException.badField("", "unreadable JSON: " + e.getMessage());
    }
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
