package io.modelrunner.app.config;

import io.modelrunner.app.http.Networks;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The resolved text of every key with where it came from; reads typed values, collecting problems
 * (each naming its key and source) instead of stopping at the first.
 */
final class ConfigValues {
  private final Map<String, String> values;
  private final Map<String, String> sources;
  private final List<String> problems;

  ConfigValues(Map<String, String> values, Map<String, String> sources, List<String> problems) {
    this.values = values;
    this.sources = sources;
    this.problems = problems;
  }

  /** Where {@code key}'s value came from: default, a file, $VARIABLE or the command line. */
  String source(String key) {
    return sources.get(key);
  }

  /** Records a problem of {@code key}'s value. */
  void problem(String key, String what) {
    problems.add(key + " (from " + source(key) + "): " + what);
  }

  /** Records a problem that names its key itself. */
  void problem(String message) {
    problems.add(message);
  }

  String text(String key) {
    String v = values.get(key);
    return v == null ? "" : v;
  }

  int integer(String key, int min, int max) {
    return (int) longValue(key, min, max);
  }

  long longValue(String key, long min, long max) {
    String v = text(key);
    try {
      long n = Long.parseLong(v);
      if (n < min || n > max) {
        problem(key, "must be between " + min + " and " + max + ", not " + v);
        return min;
      }
      return n;
    } catch (NumberFormatException e) {
      problem(key, "must be a whole number, not '" + v + "'");
      return min;
    }
  }

  boolean bool(String key) {
    String v = text(key).toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      problem(key, "must be true or false, not '" + text(key) + "'");
    }
    return v.equals("true");
  }

  Duration duration(String key) {
    String v = text(key);
    try {
      Duration d = Duration.parse(v);
      if (d.isNegative() || d.isZero()) {
        problem(key, "must be positive, not " + v);
        return Duration.ofSeconds(1);
      }
      return d;
    } catch (DateTimeParseException e) {
      problem(key, "must be an ISO-8601 duration such as PT30S or PT10M, not '" + v + "'");
      return Duration.ofSeconds(1);
    }
  }

  /** A duration, or null when the value is empty. */
  Duration optionalDuration(String key) {
    return text(key).isEmpty() ? null : duration(key);
  }

  <E extends Enum<E>> E choice(String key, Class<E> type) {
    String v = text(key);
    List<String> allowed = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(v)) {
        return constant;
      }
      allowed.add(constant.name());
    }
    problem(key, "must be one of " + String.join(", ", allowed) + ", not '" + v + "'");
    return type.getEnumConstants()[0];
  }

  Path path(String key) {
    String v = text(key);
    return v.isEmpty() ? null : Path.of(v).toAbsolutePath().normalize();
  }

  List<String> list(String key) {
    List<String> items = new ArrayList<>();
    for (String item : text(key).split(",")) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    return List.copyOf(items);
  }

  Networks networks(String key) {
    try {
      return Networks.parse(list(key));
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
      return Networks.parse(List.of());
    }
  }

  Map<String, String> pairs(String key) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String item : list(key)) {
      int eq = item.indexOf('=');
      if (eq <= 0) {
        problem(key, "expected key=value pairs separated by commas, got '" + item + "'");
      } else {
        pairs.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
      }
    }
    return Map.copyOf(pairs);
  }
}
