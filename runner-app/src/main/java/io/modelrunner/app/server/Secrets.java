package io.modelrunner.app.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Values the service makes once and keeps in its data folder: the node id ({@code node-id}) and,
 * when none is configured, the API token ({@code api-token}, readable by its owner only). Never
 * logged.
 */
final class Secrets {
  private Secrets() {}

  /** The configured id, or the one kept in {@code dataDir/node-id} (made on first use). */
  static String nodeId(String configured, Path dataDir) {
    if (!configured.isBlank()) {
      return configured;
    }
    return readOrCreate(
        dataDir.resolve("node-id"), "node-" + UUID.randomUUID().toString().substring(0, 8), false);
  }

  /** The configured token, or the one kept in {@code dataDir/api-token} (made on first use). */
  static String apiToken(String configured, Path dataDir) {
    if (!configured.isBlank()) {
      return configured;
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return readOrCreate(dataDir.resolve("api-token"), HexFormat.of().formatHex(random), true);
  }

  private static String readOrCreate(Path file, String fresh, boolean secret) {
    try {
      Files.createDirectories(file.getParent());
      if (!Files.exists(file)) {
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        if (secret && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(tmp, fresh + "\n", StandardCharsets.UTF_8);
        try {
          Files.move(tmp, file); // not REPLACE_EXISTING: a concurrent first start keeps one value
        } catch (FileAlreadyExistsException e) {
          Files.deleteIfExists(tmp);
        }
      }
      String value = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (value.isEmpty()) {
        throw new IllegalStateException(file + " is empty; delete it to make a new one");
      }
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
    }
  }
}
