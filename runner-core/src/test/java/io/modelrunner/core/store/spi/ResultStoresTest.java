package io.modelrunner.core.store.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.core.store.ResultStore;
import io.modelrunner.core.store.filesystem.FileSystemResultStore;
import io.modelrunner.core.store.filesystem.FileSystemStoreProvider;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultStoresTest {
  @TempDir Path dir;

  /** A provider that records what it was asked to open. */
  private record Recording(String scheme) implements ResultStoreProvider {
    @Override
    public ResultStore open(URI uri, Map<String, String> options, Map<String, String> env) {
      throw new IllegalArgumentException("opened " + uri + " " + options + " " + env);
    }
  }

  @Test
  void theFilesystemProviderIsInstalledFromRunnerCore() {
    assertThat(ResultStores.installed().schemes()).contains("file");
  }

  @Test
  void aFolderOpensTheFilesystemStore() throws Exception {
    ResultStore store =
        ResultStores.installed().open(dir.resolve("results").toString(), Map.of(), Map.of());

    assertThat(store).isInstanceOf(FileSystemResultStore.class);
    assertThat(((FileSystemResultStore) store).root())
        .isEqualTo(dir.resolve("results").toRealPath());
  }

  @Test
  void aFileUriOpensTheFilesystemStore() throws Exception {
    ResultStore store = ResultStores.installed().open(dir.toUri().toString(), Map.of(), Map.of());

    assertThat(((FileSystemResultStore) store).root()).isEqualTo(dir.toRealPath());
  }

  @Test
  void theFilesystemStoreTakesNoOptions() {
    assertThatThrownBy(
            () ->
                ResultStores.installed()
                    .open(dir.toString(), Map.of("endpoint", "http://x"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not to a folder or file: URI")
        .hasMessageContaining("endpoint");
  }

  @Test
  void theSchemePicksTheProviderInAnyCaseWithOptionsAndEnvironment() {
    ResultStores stores = new ResultStores(List.of(new Recording("gs")));

    assertThatThrownBy(() -> stores.open("GS://b/p", Map.of("k", "v"), Map.of("E", "1")))
        .hasMessage("opened GS://b/p {k=v} {E=1}");
  }

  @Test
  void anUnknownSchemeNamesTheSchemesAvailable() {
    ResultStores stores =
        new ResultStores(List.of(new FileSystemStoreProvider(), new Recording("gs")));

    assertThatThrownBy(() -> stores.open("ftp://host/x", Map.of(), Map.of()))
        .isInstanceOf(UnknownStoreSchemeException.class)
        .hasMessage("unknown store scheme 'ftp': use a folder or a URI with scheme file, gs");
  }

  @Test
  void aShippedSchemeWhoseModuleIsMissingNamesTheModule() {
    ResultStores stores = new ResultStores(List.of(new FileSystemStoreProvider()));

    assertThatThrownBy(() -> stores.open("s3://bucket/p", Map.of(), Map.of()))
        .isInstanceOf(UnknownStoreSchemeException.class)
        .hasMessage(
            "store scheme 's3' needs the store-s3 module on the classpath, which is missing:"
                + " use a folder or a URI with scheme file")
        .satisfies(
            e -> assertThat(((UnknownStoreSchemeException) e).available()).containsOnly("file"));
    assertThatThrownBy(() -> stores.open("azure://c", Map.of(), Map.of()))
        .hasMessageContaining("needs the store-azure module");
  }

  @Test
  void aMalformedUriIsRejected() {
    assertThatThrownBy(() -> ResultStores.installed().open("s3://bad host/", Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a URI: ");
  }

  @Test
  void twoProvidersForOneSchemeAreRefused() {
    assertThatThrownBy(() -> new ResultStores(List.of(new Recording("gs"), new Recording("GS"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two result store providers for scheme 'gs'");
  }
}
