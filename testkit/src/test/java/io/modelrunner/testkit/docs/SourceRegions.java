package io.modelrunner.testkit.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The region of a source file between {@code // snippet:NAME} and {@code // end-snippet:NAME},
 * dedented, without marker lines (its own, or those of regions nested in it).
 */
final class SourceRegions {
  private SourceRegions() {}

  /** The region's text, or empty when the file has no complete region of that name. */
  static Optional<String> region(String source, String name) {
    List<String> lines = source.lines().toList();
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("// snippet:" + name)) {
        start = i;
        break;
      }
    }
    if (start < 0) {
      return Optional.empty();
    }
    List<String> body = new ArrayList<>();
    for (int i = start + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.strip().equals("// end-snippet:" + name)) {
        return Optional.of(dedent(body));
      }
      if (!isMarker(line)) {
        body.add(line);
      }
    }
    return Optional.empty();
  }

  private static boolean isMarker(String line) {
    String stripped = line.strip();
    return stripped.startsWith("// snippet:") || stripped.startsWith("// end-snippet:");
  }

  private static String dedent(List<String> lines) {
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return String.join(
        "\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
  }
}
