package io.modelrunner.app.bootstrap;

import io.modelrunner.app.config.ConfigException;
import io.modelrunner.app.db.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's data folder and the values it makes once and keeps there: the node id ({@code
 * node-id}) and, when none is configured, the API token ({@code api-token}). The folder is made
 * owner-only ({@code rwx------}) and the files too ({@code rw-------}). Never logged.
 */
final class Secrets {
  private static final Logger LOG = LoggerFactory.getLogger(Secrets.class);

  private Secrets() {}

  /**
   * Makes {@code dataDir} owner-only when it does not exist yet; warns when an existing one is open
   * to its group or others (it holds the database, the node id and the API token), without changing
   * it.
   *
   * @throws ConfigException when it cannot be made, or is not a folder
   */
  static void prepareDataDir(Path dataDir) {
    try {
      if (OwnerOnly.createFolder(dataDir)) {
        LOG.info("made the data folder {} (rwx------)", dataDir);
        return;
      }
      if (!Files.isDirectory(dataDir)) {
        throw new ConfigException(List.of("data.dir: " + dataDir + " is not a folder"));
      }
      Optional<String> open = OwnerOnly.openToOthers(dataDir);
      if (open.isPresent()) {
        LOG.warn(
            "data.dir {} is open to its group or others ({}), but holds the database, the node id"
                + " and the API token: make it owner-only (chmod 700 {})",
            dataDir,
            open.get(),
            dataDir);
      }
    } catch (IOException e) {
      throw new ConfigException(List.of("data.dir: cannot create " + dataDir + ": " + e));
    }
  }

  /** The configured id, or the one kept in {@code dataDir/node-id} (made on first use). */
  static String nodeId(String configured, Path dataDir) {
    if (!configured.isBlank()) {
      return configured;
    }
    return readOrCreate(
        dataDir.resolve("node-id"), "node-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** The configured token, or the one kept in {@code dataDir/api-token} (made on first use). */
  static String apiToken(String configured, Path dataDir) {
    if (!configured.isBlank()) {
      return configured;
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return readOrCreate(dataDir.resolve("api-token"), HexFormat.of().formatHex(random));
  }

  private static String readOrCreate(Path file, String fresh) {
    try {
      OwnerOnly.createFolder(file.getParent());
      if (!Files.exists(file)) {
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        if (OwnerOnly.supported()) {
          Files.setPosixFilePermissions(tmp, OwnerOnly.filePermissions());
        }
        Files.writeString(tmp, fresh + "\n", StandardCharsets.UTF_8);
        try {
          Files.move(tmp, file); // not REPLACE_EXISTING: a concurrent first start keeps one value
        } catch (FileAlreadyExistsException e) {
          Files.deleteIfExists(tmp);
        }
      }
      if (OwnerOnly.restrictFile(file)) {
        LOG.info("{} made readable by its owner only (rw-------)", file);
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
