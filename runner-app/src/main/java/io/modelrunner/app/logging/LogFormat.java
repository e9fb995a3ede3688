package io.modelrunner.app.logging;

import java.util.Locale;
import java.util.Map;

/**
 * How log lines are written to stderr: {@code plain} text (the default) or one JSON object each.
 */
public enum LogFormat {
  PLAIN,
  JSON;

  /** The environment variable that sets it for every command ({@code logging.format}'s). */
  public static final String VARIABLE = "MODEL_RUNNER_LOGGING_FORMAT";

  /**
   * {@code plain} or {@code json}, in any case.
   *
   * @throws IllegalArgumentException for anything else, naming the choices
   */
  public static LogFormat parse(String text) {
    String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (wanted) {
      case "plain" -> PLAIN;
      case "json" -> JSON;
      default -> throw new IllegalArgumentException("must be plain or json, not '" + text + "'");
    };
  }

  /**
   * The format {@value #VARIABLE} asks for; {@link #PLAIN} when it is unset or empty.
   *
   * @throws IllegalArgumentException when it is set to something else than plain or json
   */
  public static LogFormat fromEnvironment(Map<String, String> environment) {
    String value = environment.get(VARIABLE);
    if (value == null || value.isBlank()) {
      return PLAIN;
    }
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("$" + VARIABLE + " " + e.getMessage(), e);
    }
  }

  /** The name as configured: {@code plain} or {@code json}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }
}
