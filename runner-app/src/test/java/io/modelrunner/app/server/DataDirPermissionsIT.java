package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.app.bootstrap.RunnerServer;
import io.modelrunner.app.config.ServiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} on a data folder it makes: the folder is owner-only, and so is every file it keeps
 * there (the embedded database, the node id, the generated API token), while it runs and after it
 * stops.
 */
class DataDirPermissionsIT {
  @TempDir Path dir;

  @Test
  void theDataFolderAndEveryFileTheServiceKeepsThereAreOwnerOnly() throws Exception {
    Path data = dir.resolve("data");
    ServiceConfig config =
        ServiceConfig.load(
            null,
            Map.of(),
            Map.of("server.port", "0", "engine", "process", "data.dir", data.toString()));

    try (RunnerServer server = RunnerServer.start(config, Map.of())) {
      assertThat(server.apiToken()).isNotEmpty();
      assertOwnerOnly(data);
    }
    assertOwnerOnly(data);
  }

  private static void assertOwnerOnly(Path data) throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
        .isEqualTo("rwx------");
    List<Path> files;
    try (Stream<Path> list = Files.list(data)) {
      files = list.filter(Files::isRegularFile).toList();
    }
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .contains("model-runner.db", "node-id", "api-token");
    for (Path file : files) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .as(file.toString())
          .isEqualTo("rw-------");
    }
  }
}
