package io.modelrunner.core.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.charset.StandardCharsets;
import org.apiguardian.api.API;

/** Checks on {@link ResultStore} keys, shared by every implementation. */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class StoreKeys {
  /** The longest key, in UTF-8 bytes (S3's and Azure's limit for a whole object name). */
  public static final int MAX_BYTES = 1024;

  private StoreKeys() {}

  /**
   * Returns {@code key} when it is a valid relative key; throws otherwise.
   *
   * @throws IllegalArgumentException for a null or empty key, a leading or trailing {@code /}, an
   *     empty, {@code .} or {@code ..} segment, a backslash, a control character, a lone surrogate
   *     (not UTF-8) or more than {@value #MAX_BYTES} bytes
   */
  public static String requireValid(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("store key must not be empty");
    }
    if (key.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "store key is longer than " + MAX_BYTES + " bytes: " + escaped(key) + "…");
    }
    if (key.startsWith("/") || key.endsWith("/")) {
      throw new IllegalArgumentException(
          "store key must not start or end with '/': " + escaped(key));
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '\\' || Character.isISOControl(c) || Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < key.length()
            && Character.isLowSurrogate(key.charAt(i + 1))) {
          i++; // a pair: one code point beyond the BMP
          continue;
        }
        throw new IllegalArgumentException(
            "store key contains a forbidden character: " + escaped(key));
      }
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "store key has an empty, '.' or '..' segment: " + escaped(key));
      }
    }
    return key;
  }

  /** {@code key} with control characters and backslashes escaped, for a message. */
  private static String escaped(String key) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < key.length() && out.length() < 200; i++) {
      char c = key.charAt(i);
      if (c == '\\') {
        out.append("\\\\");
      } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
