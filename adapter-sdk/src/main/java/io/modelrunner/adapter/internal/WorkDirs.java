package io.modelrunner.adapter.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** The runs' working directories: one per run under a root, deleted with everything inside. */
final class WorkDirs {
  private WorkDirs() {}

  /** Creates (empty) the directory of run {@code id} under {@code root}. */
  static Path create(Path root, String id) throws IOException {
    Path dir = root.resolve(id);
    if (!dir.normalize().getParent().equals(root.normalize())) {
      throw new IOException("run id '" + id + "' is not a plain directory name");
    }
    Files.createDirectories(root);
    return Files.createDirectory(dir);
  }

  /** Deletes {@code dir} and everything in it (without following links); absent is fine. */
  static void delete(Path dir) throws IOException {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              if (e != null) {
                throw e;
              }
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (NoSuchFileException e) {
      // already gone
    }
  }
}
