package io.modelrunner.core.store.filesystem;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.core.internal.Hashing;
import io.modelrunner.core.store.ResultStore;
import io.modelrunner.core.store.StoreException;
import io.modelrunner.core.store.StoreKeys;
import io.modelrunner.core.store.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apiguardian.api.API;

/**
 * The embedded default {@link ResultStore}: objects are files under a root folder, one file per key
 * ({@code root/simulation-runs/<hash>/public/data.json}).
 *
 * <ul>
 *   <li>Writes are atomic: the content goes to a temporary file beside the target (named {@code
 *       .<name>.<uuid>.tmp}, the name cut to fit the file system's 255 bytes), which is then moved
 *       over the target; a reader never sees a partial object.
 *   <li>Size and SHA-256 are computed while streaming; nothing is held in memory.
 *   <li>Locations are {@code file:} URIs of absolute paths.
 *   <li>Keys are checked with {@link StoreKeys#requireValid(String)}, and the resolved file must
 *       stay under the root even through symbolic links already present in the folder tree.
 * </ul>
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class FileSystemResultStore implements ResultStore {
  private static final int BUFFER = 64 * 1024;

  private final Path root;

  /**
   * A store rooted at {@code root}, which is created when missing.
   *
   * @throws StoreException when the root cannot be created
   */
  public FileSystemResultStore(Path root) {
    Objects.requireNonNull(root, "root");
    try {
      Files.createDirectories(root);
      this.root = root.toRealPath();
    } catch (IOException e) {
      throw new StoreException("cannot create the result store folder " + root + ": " + e, e);
    }
  }

  /** The store's root folder (absolute, symbolic links resolved). */
  public Path root() {
    return root;
  }

  @Override
  public StoredObject put(String key, Path file, String contentType) {
    Path target = resolve(key);
    Path tmp = null;
    try {
      Files.createDirectories(target.getParent());
      requireInsideRoot(target.getParent().toRealPath(), key);
      tmp =
          target.resolveSibling(
              "." + head(target.getFileName().toString()) + "." + UUID.randomUUID() + ".tmp");
      MessageDigest digest = Hashing.sha256();
      long size;
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest);
          OutputStream out = Files.newOutputStream(tmp)) {
        size = in.transferTo(out);
      }
      long written = Files.size(tmp);
      if (written != size) {
        throw new StoreException(
            describe() + ": wrote " + written + " bytes for " + key + " but read " + size);
      }
      move(tmp, target);
      tmp = null;
      return new StoredObject(key, size, Hashing.hex(digest.digest()), location(key));
    } catch (NoSuchFileException e) {
      throw new StoreException(describe() + ": cannot store " + key + ": no such file " + file, e);
    } catch (IOException e) {
      throw new StoreException(describe() + ": cannot store " + key + ": " + e, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: a stray temporary file never shadows a key
        }
      }
    }
  }

  @Override
  public java.util.OptionalLong size(String key) {
    Path target = resolve(key);
    try {
      if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
        return java.util.OptionalLong.empty();
      }
      return java.util.OptionalLong.of(Files.size(target));
    } catch (NoSuchFileException e) {
      return java.util.OptionalLong.empty();
    } catch (IOException e) {
      throw new StoreException(describe() + ": cannot read the size of " + key + ": " + e, e);
    }
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    Path target = resolve(key);
    if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(target, LinkOption.NOFOLLOW_LINKS)) {
      MessageDigest digest = Hashing.sha256();
      long size = 0;
      byte[] buffer = new byte[BUFFER];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
        size += n;
      }
      return Optional.of(new StoredObject(key, size, Hashing.hex(digest.digest()), location(key)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException(describe() + ": cannot read " + key + ": " + e, e);
    }
  }

  @Override
  public InputStream open(String key) {
    Path target = resolve(key);
    try {
      if (Files.isSymbolicLink(target)) {
        throw new StoreException(describe() + ": " + key + " is a symbolic link, not an object");
      }
      if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new StoreException(
            describe() + ": nothing stored under " + key + " (a folder of other keys)");
      }
      requireInsideRoot(target.toRealPath(), key);
      return Files.newInputStream(target, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw new StoreException(describe() + ": nothing stored under " + key, e);
    } catch (IOException e) {
      throw new StoreException(describe() + ": cannot open " + key + ": " + e, e);
    }
  }

  /**
   * The {@code file:} URI of the key's file, e.g. {@code file:///var/results/simulation-runs/…}.
   */
  @Override
  public String location(String key) {
    return resolve(key).toUri().toString();
  }

  @Override
  public String describe() {
    return "filesystem store at " + root;
  }

  private Path resolve(String key) {
    StoreKeys.requireValid(key);
    Path target = root.resolve(key).normalize();
    requireInsideRoot(target, key);
    return target;
  }

  /** {@code name} cut to at most 200 UTF-8 bytes (whole characters), for a temporary name. */
  private static String head(String name) {
    int bytes = 0;
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      bytes += new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes > 200) {
        return name.substring(0, i);
      }
      i += Character.charCount(c);
    }
    return name;
  }

  private void requireInsideRoot(Path path, String key) {
    if (!path.startsWith(root)) {
      throw new StoreException(describe() + ": key " + key + " resolves outside the store root");
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
