package io.modelrunner.testkit.docs;

import java.util.Optional;

/**
 * A {@code <!-- snippet: path#NAME -->} line of a Markdown document and the ```java block after it.
 *
 * @param line the marker's line number, from 1
 * @param source the Java file, from the repository root
 * @param region the region's name in that file
 * @param block the fenced block's lines, joined with {@code \n}; empty when no ```java fence
 *     follows the marker
 */
record SnippetMarker(int line, String source, String region, Optional<String> block) {}
