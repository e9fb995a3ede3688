package io.modelrunner.app.db;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Owner-only folders and files for what the service keeps on disk (the database, the node id, the
 * API token): folders {@code rwx------}, files {@code rw-------}. Does nothing where the file
 * system has no POSIX permissions.
 */
public final class OwnerOnly {
  private static final Set<PosixFilePermission> FOLDER =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private OwnerOnly() {}

  /** Whether this file system has POSIX permissions. */
  public static boolean supported() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /**
   * Makes {@code folder} owner-only ({@code rwx------}) when it does not exist yet (its missing
   * parents get the default permissions); leaves an existing one as it is.
   *
   * @return whether it was made
   */
  public static boolean createFolder(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      return false;
    }
    Path parent = folder.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      if (supported()) {
        Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(FOLDER));
        Files.setPosixFilePermissions(folder, FOLDER); // the umask may have taken bits away
      } else {
        Files.createDirectory(folder);
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(folder)) {
        throw e;
      }
      return false; // made meanwhile by someone else
    }
  }

  /**
   * The permissions of {@code path} (as {@code rwxr-xr-x}) when its group or others have any; empty
   * when they have none, or where there are no POSIX permissions.
   */
  public static Optional<String> openToOthers(Path path) throws IOException {
    if (!supported()) {
      return Optional.empty();
    }
    Set<PosixFilePermission> permissions =
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    for (PosixFilePermission p : permissions) {
      if (GROUP_OR_OTHERS.contains(p)) {
        return Optional.of(PosixFilePermissions.toString(permissions));
      }
    }
    return Optional.empty();
  }

  /**
   * Makes the regular file {@code file} readable and writable by its owner only ({@code
   * rw-------}); a missing file, a symbolic link or a folder is left alone.
   *
   * @return whether its permissions changed
   */
  public static boolean restrictFile(Path file) throws IOException {
    if (!supported() || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    if (Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(FILE)) {
      return false;
    }
    Files.setPosixFilePermissions(file, FILE);
    return true;
  }

  /** The permissions of owner-only files, for files made with {@code Files.createFile}. */
  public static Set<PosixFilePermission> filePermissions() {
    return FILE;
  }
}
