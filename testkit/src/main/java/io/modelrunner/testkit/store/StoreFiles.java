package io.modelrunner.testkit.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.core.internal.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Random;
import org.apiguardian.api.API;

/** Files to put into a result store, made in one folder, and the SHA-256 of what comes back. */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class StoreFiles {
  private final Path dir;

  /** Files in {@code dir}, which exists (a JUnit {@code @TempDir}). */
  public StoreFiles(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  /** A file {@code name} holding {@code content} in UTF-8. */
  public Path text(String name, String content) {
    return bytes(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** A file {@code name} holding {@code content}. */
  public Path bytes(String name, byte[] content) {
    try {
      return Files.write(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file {@code name} of {@code size} pseudo-random bytes (the same for the same seed). */
  public Path random(String name, long size, long seed) {
    Path file = dir.resolve(name);
    Random random = new Random(seed);
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** The SHA-256 of {@code file}, lower-case hex. */
  public static String sha256(Path file) {
    try {
      return Hashing.sha256Hex(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The SHA-256 of what {@code stream} holds, read to its end in chunks and closed. */
  public static String sha256(InputStream stream) {
    MessageDigest digest = Hashing.sha256();
    try (InputStream in = new DigestInputStream(stream, digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Hashing.hex(digest.digest());
  }
}
