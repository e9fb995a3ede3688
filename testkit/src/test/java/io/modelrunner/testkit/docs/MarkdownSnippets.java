package io.modelrunner.testkit.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the snippet markers of a Markdown document and the code block each one announces. */
final class MarkdownSnippets {
  private static final Pattern MARKER =
      Pattern.compile("^\\s*<!--\\s*snippet:\\s*(\\S+?)#(\\S+)\\s*-->\\s*$");
  private static final Pattern JAVA_FENCE = Pattern.compile("^(\\s*)```java\\s*$");

  private MarkdownSnippets() {}

  /** Every marker, in document order; the fence must be on the line right after the marker. */
  static List<SnippetMarker> markers(String markdown) {
    List<String> lines = markdown.lines().toList();
    List<SnippetMarker> markers = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher marker = MARKER.matcher(lines.get(i));
      if (marker.matches()) {
        markers.add(
            new SnippetMarker(i + 1, marker.group(1), marker.group(2), block(lines, i + 1)));
      }
    }
    return markers;
  }

  /** The block of the ```java fence opening at {@code open}, without the fence's indentation. */
  private static Optional<String> block(List<String> lines, int open) {
    if (open >= lines.size()) {
      return Optional.empty();
    }
    Matcher fence = JAVA_FENCE.matcher(lines.get(open));
    if (!fence.matches()) {
      return Optional.empty();
    }
    String indent = fence.group(1);
    List<String> body = new ArrayList<>();
    for (int i = open + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.strip().startsWith("```")) {
        return Optional.of(String.join("\n", body));
      }
      body.add(line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading());
    }
    return Optional.empty();
  }
}
