package io.modelrunner.core.catalog;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A catalog entry's {@code timeAxis}: an RFC 6901 JSON pointer into the model's {@code data.json}
 * at the values of its time axis, with at most one segment {@code *} ("each element of this
 * array"). Without {@code *} it points at an array of numbers or ISO-8601 date strings; with it,
 * the part before {@code *} is an array of objects and the part after it the x value in each
 * element ({@code /hours/*}{@code /hour}). The console charts a run's output by it.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record TimeAxisPointer(String pointer) {
  /** The segment that stands for each element of an array. */
  public static final String EACH = "*";

  public TimeAxisPointer {
    Objects.requireNonNull(pointer, "pointer");
    String problem = problem(pointer);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** What is wrong with {@code pointer} as a time axis, or null when nothing is. */
  static String problem(String pointer) {
    if (pointer.isEmpty() || !pointer.startsWith("/")) {
      return "must be a JSON pointer into data.json, starting with '/' (such as /time/timestamps"
          + " or /hours/*/hour), not '"
          + pointer
          + "'";
    }
    int each = 0;
    for (String segment : segments(pointer)) {
      for (int i = 0; i < segment.length(); i++) {
        if (segment.charAt(i) == '~'
            && (i + 1 == segment.length()
                || (segment.charAt(i + 1) != '0' && segment.charAt(i + 1) != '1'))) {
          return "'" + pointer + "' is not a JSON pointer: '~' must be followed by 0 or 1";
        }
      }
      if (segment.equals(EACH)) {
        each++;
      }
    }
    if (each > 1) {
      return "'"
          + pointer
          + "' has "
          + each
          + " '*' segments; at most one may stand for the elements of an array";
    }
    return null;
  }

  /** The pointer's segments, as written (not unescaped). */
  public List<String> segments() {
    return segments(pointer);
  }

  private static List<String> segments(String pointer) {
    List<String> segments = new ArrayList<>();
    int start = 1;
    while (true) {
      int slash = pointer.indexOf('/', start);
      if (slash < 0) {
        segments.add(pointer.substring(start));
        return segments;
      }
      segments.add(pointer.substring(start, slash));
      start = slash + 1;
    }
  }

  @Override
  public String toString() {
    return pointer;
  }
}
