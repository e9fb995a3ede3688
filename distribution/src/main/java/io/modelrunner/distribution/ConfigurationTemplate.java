package io.modelrunner.distribution;

import io.modelrunner.app.config.ConfigKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distribution's {@code conf/model-runner.properties}: every key of {@code serve} ({@link
 * ConfigKeys#ALL}) commented out with its default, after a one-line meaning. Made at build time
 * from the keys themselves, so the file cannot drift from them.
 */
public final class ConfigurationTemplate {
  static final int WIDTH = 100;
  private static final Pattern SENTENCE_END = Pattern.compile("\\.\\s+(?=[A-Z(<])");

  private ConfigurationTemplate() {}

  /** Writes the template of {@link ConfigKeys#ALL} to the file named by {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ConfigurationTemplate OUTPUT.properties");
    }
    Path output = Path.of(args[0]);
    if (output.getParent() != null) {
      Files.createDirectories(output.getParent());
    }
    Files.writeString(output, render(ConfigKeys.ALL), StandardCharsets.UTF_8);
  }

  /** The file's text for {@code keys}: a header, then each key, a blank line between sections. */
  static String render(List<ConfigKeys.Key> keys) {
    StringBuilder text = new StringBuilder();
    text.append(
        """
        # model-runner serve: configuration (Java properties). Use it with
        #   bin/model-runner serve --config conf/model-runner.properties
        # Every key is commented out and shows its default (an empty value: none, or computed as
        # described). A key is set, from lowest to highest precedence, by its default, this file,
        # the environment (MODEL_RUNNER_ + the key upper-cased, . and - as _, e.g.
        # MODEL_RUNNER_SERVER_PORT; or the well-known variable named below), and the command line.
        # Keep secrets out of this file: use their environment variables. docs/configuration.md
        # explains every key. Generated from the application's list of keys when it was built.
        """);
    String section = null;
    for (ConfigKeys.Key key : keys) {
      int dot = key.name().indexOf('.');
      String keySection = dot < 0 ? key.name() : key.name().substring(0, dot);
      if (!keySection.equals(section)) {
        text.append('\n');
        section = keySection;
      }
      StringBuilder meaning = new StringBuilder(firstSentence(key.doc()));
      if (key.secret()) {
        meaning
            .append(" Secret: set ")
            .append(key.envAlias() != null ? key.envAlias() : key.envName())
            .append(" in the environment instead.");
      } else if (key.envAlias() != null) {
        meaning.append(" Environment: ").append(key.envAlias()).append('.');
      }
      for (String line : wrap(meaning.toString(), WIDTH - 2)) {
        text.append("# ").append(line).append('\n');
      }
      text.append('#').append(key.name()).append('=').append(escape(key.defaultValue()));
      text.append('\n');
    }
    return text.toString();
  }

  /** The first sentence of {@code doc} (the whole of it when it has one). */
  static String firstSentence(String doc) {
    String flat = doc.strip().replaceAll("\\s+", " ");
    Matcher end = SENTENCE_END.matcher(flat);
    return end.find() ? flat.substring(0, end.start() + 1) : flat;
  }

  /** {@code text} broken at spaces into lines of at most {@code width} characters where it can. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  /** A value as Java properties syntax reads it back. */
  static String escape(String value) {
    String escaped = value.replace("\\", "\\\\");
    return escaped.startsWith(" ") ? "\\" + escaped : escaped;
  }
}
