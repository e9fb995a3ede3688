package io.modelrunner.testkit.docs;

import java.util.List;
import java.util.Optional;

/** Whether a document's code block says what the marked source region says. */
final class SnippetComparison {
  private SnippetComparison() {}

  /**
   * Where a block first differs from its region.
   *
   * @param line the block's line, from 1 (the line after the fence)
   * @param doc that line of the block, or {@code null} where the block ends first
   * @param code the region's line there, or {@code null} where the region ends first
   */
  record Difference(int line, String doc, String code) {
    String describe() {
      return "\n  doc:  "
          + (doc == null ? "(the block ends)" : doc)
          + "\n  code: "
          + (code == null ? "(the region ends)" : code);
    }
  }

  /**
   * Empty when the block equals the region; trailing spaces, and blank lines before or after
   * either, are not compared.
   */
  static Optional<Difference> difference(String block, String region) {
    List<String> docLines = block.lines().map(String::stripTrailing).toList();
    int skipped = leadingBlanks(docLines);
    List<String> doc = trimmed(docLines);
    List<String> code = trimmed(region.lines().map(String::stripTrailing).toList());
    for (int i = 0; i < Math.max(doc.size(), code.size()); i++) {
      String docLine = i < doc.size() ? doc.get(i) : null;
      String codeLine = i < code.size() ? code.get(i) : null;
      if (docLine == null || !docLine.equals(codeLine)) {
        return Optional.of(new Difference(skipped + i + 1, docLine, codeLine));
      }
    }
    return Optional.empty();
  }

  private static int leadingBlanks(List<String> lines) {
    int blanks = 0;
    while (blanks < lines.size() && lines.get(blanks).isEmpty()) {
      blanks++;
    }
    return blanks;
  }

  private static List<String> trimmed(List<String> lines) {
    int from = leadingBlanks(lines);
    int to = lines.size();
    while (to > from && lines.get(to - 1).isEmpty()) {
      to--;
    }
    return lines.subList(from, to);
  }
}
