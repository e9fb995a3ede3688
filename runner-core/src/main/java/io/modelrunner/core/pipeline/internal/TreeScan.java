package io.modelrunner.core.pipeline.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Lists the regular files under a folder without ever following a symbolic link: a link (to a file
 * or to a folder) and a special file (fifo, socket, device) are reported and skipped. So is a file
 * or folder whose name the runner cannot carry ({@link FileNames}: control characters, backslashes,
 * invalid UTF-8, overlong or too deeply nested names), with everything in such a folder. Names in
 * the report are {@linkplain FileNames#printable escaped}, so that it never holds a line break.
 */
@API(status = INTERNAL, since = "0.1.0")
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
        EnumSet.noneOf(FileVisitOption.class),
        FileNames.MAX_DEPTH,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (dir.equals(folder)) {
              return FileVisitResult.CONTINUE;
            }
            String name = nameOf(folder, dir);
            Optional<String> problem = FileNames.problem(name, folder, dir);
            if (problem.isPresent()) {
              skipped.add(
                  FileNames.printable(name)
                      + "/: "
                      + problem.get()
                      + " (skipped with everything in it)");
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String name = nameOf(folder, file);
            Optional<String> problem = FileNames.problem(name, folder, file);
            if (problem.isPresent()) {
              skipped.add(FileNames.printable(name) + ": " + problem.get());
            } else if (attrs.isSymbolicLink()) {
              skipped.add(FileNames.printable(name) + ": a symbolic link (never followed)");
            } else if (attrs.isRegularFile()) {
              files.add(new OutputEntry(name, file));
            } else if (attrs.isDirectory()) {
              // only at the depth limit: folders above it are walked into
              skipped.add(
                  FileNames.printable(name)
                      + "/: nested deeper than "
                      + FileNames.MAX_DEPTH
                      + " folders (skipped with everything in it)");
            } else {
              skipped.add(FileNames.printable(name) + ": not a regular file");
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            skipped.add(
                FileNames.printable(nameOf(folder, file))
                    + ": unreadable ("
                    + FileNames.printable(String.valueOf(e.getMessage()))
                    + ")");
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
