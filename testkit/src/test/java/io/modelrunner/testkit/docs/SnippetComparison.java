package io.modelrunner.testkit.docs;

import java.util.List;
import java.util.Optional;

/** Whether a document's code block says what the marked source region says. */
final class SnippetComparison {
  private SnippetComparison() {}

  /**
   * Empty when the block equals the region (trailing spaces and blank lines around either are not
   * compared); otherwise where they first differ, with both lines.
   */
  static Optional<String> difference(String block, String region) {
    List<String> doc = normalized(block);
    List<String> code = normalized(region);
    for (int i = 0; i < Math.max(doc.size(), code.size()); i++) {
      String docLine = i < doc.size() ? doc.get(i) : null;
      String codeLine = i < code.size() ? code.get(i) : null;
      if (docLine == null || !docLine.equals(codeLine)) {
        return Optional.of(
            "line "
                + (i + 1)
                + " of the block differs:\n  doc:  "
                + (docLine == null ? "(the block ends)" : docLine)
                + "\n  code: "
                + (codeLine == null ? "(the region ends)" : codeLine));
      }
    }
    return Optional.empty();
  }

  private static List<String> normalized(String text) {
    List<String> lines = text.lines().map(String::stripTrailing).toList();
    int from = 0;
    int to = lines.size();
    while (from < to && lines.get(from).isEmpty()) {
      from++;
    }
    while (to > from && lines.get(to - 1).isEmpty()) {
      to--;
    }
    return lines.subList(from, to);
  }
}
