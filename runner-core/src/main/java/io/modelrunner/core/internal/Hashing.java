package io.modelrunner.core.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apiguardian.api.API;

/** The runner's SHA-256: of text, bytes and files (streamed), as lower-case hex. */
@API(status = INTERNAL, since = "0.1.0")
public final class Hashing {
  private Hashing() {}

  public static MessageDigest sha256() {
    return digest("SHA-256");
  }

  /** A digest the JDK must have (SHA-256, MD5). */
  public static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  public static String sha256Hex(String text) {
    return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String sha256Hex(byte[] bytes) {
    return hex(sha256().digest(bytes));
  }

  /** The SHA-256 of a file, streamed in 64 KiB reads. */
  public static String sha256Hex(Path file) throws IOException {
    MessageDigest digest = sha256();
    update(digest, file);
    return hex(digest.digest());
  }

  /** Streams {@code file} into {@code digest}. */
  public static void update(MessageDigest digest, Path file) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
  }
}
