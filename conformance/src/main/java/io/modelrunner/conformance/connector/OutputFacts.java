package io.modelrunner.conformance.connector;

import io.modelrunner.core.pipeline.OutputJudge;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a folder a connector wrote holds, looked at without following a symbolic link. */
final class OutputFacts {
  private OutputFacts() {}

  /** The symbolic links and special files under {@code folder}, as {@code name: what}. */
  static List<String> linksAndSpecialFiles(Path folder) throws IOException {
    List<String> found = new ArrayList<>();
    walk(
        folder,
        (name, attrs) -> {
          if (attrs.isSymbolicLink()) {
            found.add(name + ": a symbolic link");
          } else if (attrs.isOther()) {
            found.add(name + ": a special file (fifo, socket or device)");
          }
        });
    return found;
  }

  /** The names under {@code folder} a run would skip, as {@code prefix/name: why}. */
  static List<String> badNames(Path folder, String prefix) throws IOException {
    List<String> found = new ArrayList<>();
    walk(
        folder,
        (name, attrs) ->
            OutputJudge.nameProblem(name)
                .ifPresent(why -> found.add(prefix + escaped(name) + ": " + why)));
    return found;
  }

  /** The SHA-256 of every regular file under {@code folder}, by relative name. */
  static Map<String, String> digests(Path folder) throws IOException {
    Map<String, String> digests = new TreeMap<>();
    List<Path> files = new ArrayList<>();
    walk(
        folder,
        (name, attrs) -> {
          if (attrs.isRegularFile()) {
            files.add(folder.resolve(name));
          }
        });
    for (Path file : files) {
      digests.put(folder.relativize(file).toString(), sha256(Files.readAllBytes(file)));
    }
    return digests;
  }

  /** The entries directly in {@code folder}. */
  static List<String> entries(Path folder) throws IOException {
    try (var list = Files.list(folder)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private interface Visitor {
    void visit(String name, BasicFileAttributes attrs);
  }

  private static void walk(Path folder, Visitor visitor) throws IOException {
    if (!Files.isDirectory(folder)) {
      return;
    }
    Files.walkFileTree(
        folder,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(folder)) {
              visitor.visit(folder.relativize(dir).toString(), attrs);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            visitor.visit(folder.relativize(file).toString(), attrs);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static String escaped(String name) {
    StringBuilder out = new StringBuilder();
    name.codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f || c == '\\' || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
