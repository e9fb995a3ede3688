package io.modelrunner.app.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.modelrunner.app.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The data folder and the node id and API token files: owner-only, on real files. */
class SecretsTest {
  @TempDir Path dir;
  private ListAppender<ILoggingEvent> log;

  @BeforeEach
  void captureLog() {
    log = new ListAppender<>();
    log.start();
    ((Logger) LoggerFactory.getLogger(Secrets.class)).addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    ((Logger) LoggerFactory.getLogger(Secrets.class)).detachAppender(log);
  }

  @Test
  void aNewDataFolderAndTheFilesInItAreOwnerOnly() throws Exception {
    Path data = dir.resolve("srv/model-runner/data");

    Secrets.prepareDataDir(data);
    String node = Secrets.nodeId("", data);
    String token = Secrets.apiToken("", data);

    assertThat(permissions(data)).isEqualTo("rwx------");
    assertThat(permissions(data.resolve("node-id"))).isEqualTo("rw-------");
    assertThat(permissions(data.resolve("api-token"))).isEqualTo("rw-------");
    assertThat(Secrets.nodeId("", data)).isEqualTo(node);
    assertThat(Secrets.apiToken("", data)).isEqualTo(token).hasSize(64);
    assertThat(log.list).noneMatch(e -> e.getLevel().toString().equals("WARN"));
  }

  @Test
  void anExistingFolderOpenToOthersIsReportedAndLeftAsItIsAndItsFilesAreTightened()
      throws Exception {
    Path data = Files.createDirectories(dir.resolve("shared"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path token = Files.writeString(data.resolve("api-token"), "an-old-token\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));

    Secrets.prepareDataDir(data);
    String read = Secrets.apiToken("", data);

    assertThat(read).isEqualTo("an-old-token");
    assertThat(permissions(data)).isEqualTo("rwxr-xr-x");
    assertThat(permissions(token)).isEqualTo("rw-------");
    assertThat(log.list)
        .anySatisfy(
            e -> {
              assertThat(e.getLevel().toString()).isEqualTo("WARN");
              assertThat(e.getFormattedMessage())
                  .contains(data.toString(), "rwxr-xr-x", "chmod 700");
            });
  }

  @Test
  void aDataDirThatIsAFileIsAConfigurationError() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
    assertThatThrownBy(() -> Secrets.prepareDataDir(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("data.dir");
  }

  static String permissions(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
