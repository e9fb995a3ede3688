package io.modelrunner.core.pipeline.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Which names of files a model wrote the runner collects, exports and stores. A model may create
 * any name the file system allows (on Linux: any bytes but {@code /} and NUL), but only some of
 * them can become a zip entry, a store key, an HTTP header and a line in a log or a callback. A
 * file whose name (its path relative to {@code output/} or {@code log/}) breaks these rules is
 * skipped with a warning, never a failure of the run:
 *
 * <ul>
 *   <li>valid UTF-8 (the bytes decode to the name and the name encodes back to the same bytes);
 *   <li>no control character (U+0000–U+001F, U+007F–U+009F: CR, LF, tab, escape …), no line or
 *       paragraph separator (U+2028, U+2029), no backslash;
 *   <li>at most {@value #MAX_BYTES} bytes in UTF-8, at most {@value #MAX_DEPTH} {@code /}-separated
 *       segments.
 * </ul>
 */
@API(status = INTERNAL, since = "0.1.0")
public final class FileNames {
  /** The longest name collected, in UTF-8 bytes: store keys are limited to 1024 bytes in all. */
  public static final int MAX_BYTES = 512;

  /** The most {@code /}-separated segments in a collected name (folders nested in output/). */
  public static final int MAX_DEPTH = 32;

  private static final int PRINTED_CHARS = 120;

  private FileNames() {}

  /**
   * Why {@code file}, named {@code name} relative to its folder {@code folder}, cannot be
   * collected; empty when it can.
   */
  public static Optional<String> problem(String name, Path folder, Path file) {
    Optional<String> problem = problem(name);
    if (problem.isPresent()) {
      return problem;
    }
    try {
      if (!folder.resolve(name).equals(file)) {
        return Optional.of("a name that is not valid UTF-8");
      }
    } catch (InvalidPathException e) {
      return Optional.of("a name that is not valid UTF-8");
    }
    return Optional.empty();
  }

  /**
   * Why {@code name} (a {@code /}-separated relative path) cannot be collected; empty when fine.
   */
  public static Optional<String> problem(String name) {
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      if (c == '\\') {
        return Optional.of("a name with a backslash");
      }
      int type = Character.getType(c);
      if (type == Character.CONTROL) {
        return Optional.of("a name with a control character");
      }
      if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
        return Optional.of("a name with a line separator");
      }
      if (type == Character.SURROGATE) {
        return Optional.of("a name that is not valid UTF-8");
      }
      i += Character.charCount(c);
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return Optional.of("a name longer than " + MAX_BYTES + " bytes");
    }
    if (name.split("/", -1).length > MAX_DEPTH) {
      return Optional.of("nested deeper than " + MAX_DEPTH + " folders");
    }
    return Optional.empty();
  }

  /**
   * {@code name} as it can be shown in a warning, a log line or a callback: control characters,
   * separators, backslashes and invalid UTF-8 escaped ({@code \n}, {@code \r}, {@code \t}, {@code
   * \\}, {@code \x1b}, {@code \u2028}, U+FFFD stays), at most {@value #PRINTED_CHARS} characters
   * with the length after a long one.
   */
  public static String printable(String name) {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      i += Character.charCount(c);
      if (shown++ == PRINTED_CHARS) {
        out.append("… (")
            .append(name.getBytes(StandardCharsets.UTF_8).length)
            .append(" bytes in all)");
        break;
      }
      int type = Character.getType(c);
      if (c == '\\') {
        out.append("\\\\");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (type == Character.CONTROL && c <= 0xff) {
        out.append(String.format("\\x%02x", c));
      } else if (type == Character.CONTROL
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR
          || type == Character.SURROGATE
          || type == Character.FORMAT) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    }
    return out.toString();
  }
}
