package io.modelrunner.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Digests and buffered reads shared by the {@link ResultStore} implementations while streaming, and
 * the SHA-256 the rest of the runner uses (request hashes, token digests).
 */
public final class StoreDigests {
  private StoreDigests() {}

  public static MessageDigest sha256() {
    return digest("SHA-256");
  }

  public static MessageDigest md5() {
    return digest("MD5");
  }

  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** The SHA-256 of a file, streamed in 64 KiB reads. */
  public static String sha256Of(Path file) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return hex(digest.digest());
  }

  /**
   * Reads into {@code buffer} from {@code offset} until it is full or the stream ends.
   *
   * @return the number of bytes in the buffer
   */
  public static int fill(InputStream in, byte[] buffer, int offset) throws IOException {
    int filled = offset;
    while (filled < buffer.length) {
      int n = in.read(buffer, filled, buffer.length - filled);
      if (n < 0) {
        break;
      }
      filled += n;
    }
    return filled;
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }
}
