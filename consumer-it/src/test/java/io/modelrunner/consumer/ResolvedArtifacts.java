package io.modelrunner.consumer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where the files of a local repository came from, as its {@code _remote.repositories} files record
 * it: {@code file>repository-id=} per line.
 */
final class ResolvedArtifacts {
  private ResolvedArtifacts() {}

  /** Each file under {@code directory} (relative to it) → the id of the repository it came from. */
  static Map<String, String> origins(Path directory) throws IOException {
    Map<String, String> origins = new TreeMap<>();
    if (!Files.isDirectory(directory)) {
      return origins;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path record : walk.filter(p -> p.endsWith("_remote.repositories")).toList()) {
        Path folder = directory.relativize(record.getParent());
        for (String line : Files.readAllLines(record, StandardCharsets.UTF_8)) {
          int arrow = line.indexOf('>');
          if (line.startsWith("#") || arrow < 0) {
            continue;
          }
          String file = line.substring(0, arrow);
          String repository = line.substring(arrow + 1).replaceFirst("=$", "");
          origins.put(folder.resolve(file).toString(), repository);
        }
      }
    }
    return origins;
  }
}
