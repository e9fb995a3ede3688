package io.modelrunner.conformance.connector;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/** Removes a check's scratch folder, best effort (a container may leave files it owns). */
final class Scratch {
  private Scratch() {}

  static void delete(Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              try {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
              } catch (IOException | UnsupportedOperationException e) {
                // not ours: deleting what is inside may fail, which is fine
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              delete1(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) {
              delete1(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // best effort
    }
  }

  private static void delete1(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // best effort: a file a container user owns stays
    }
  }
}
