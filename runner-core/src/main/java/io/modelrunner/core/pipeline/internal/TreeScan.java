package io.modelrunner.core.pipeline.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Lists the regular files under a folder without ever following a symbolic link: a link (to a file
 * or to a folder) and a special file (fifo, socket, device) are reported and skipped.
 */
public final class TreeScan {
  private TreeScan() {}

  /** The outcome of a scan: files sorted by name, and what was skipped. */
  public record Result(List<OutputEntry> files, List<String> skipped) {}

  public static Result scan(Path folder) throws IOException {
    List<OutputEntry> files = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return new Result(List.of(), List.of());
    }
    Files.walkFileTree(
        folder,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String name = nameOf(folder, file);
            if (attrs.isSymbolicLink()) {
              skipped.add(name + ": a symbolic link (never followed)");
            } else if (attrs.isRegularFile()) {
              files.add(new OutputEntry(name, file));
            } else if (!attrs.isDirectory()) {
              skipped.add(name + ": not a regular file");
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            skipped.add(nameOf(folder, file) + ": unreadable (" + e.getMessage() + ")");
            return FileVisitResult.CONTINUE;
          }
        });
    files.sort(Comparator.comparing(OutputEntry::name));
    skipped.sort(Comparator.naturalOrder());
    return new Result(files, skipped);
  }

  static String nameOf(Path folder, Path file) {
    return folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
  }
}
