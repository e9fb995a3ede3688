package io.modelrunner.app.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.core.store.ResultStore;
import io.modelrunner.core.store.filesystem.FileSystemResultStore;
import io.modelrunner.core.store.spi.ResultStores;
import io.modelrunner.store.azure.AzureResultStore;
import io.modelrunner.store.s3.S3ResultStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstalledStoresTest {
  @TempDir Path dir;

  @Test
  void everyShippedStoreIsFoundOnTheApplicationsClasspath() {
    ResultStores stores = ResultStores.installed();
    Map<String, String> env = Map.of("AZURE_STORAGE_ACCOUNT", "acc", "AZURE_STORAGE_KEY", "a2V5");
    try (ResultStore folder = stores.open(dir.toString(), Map.of(), env);
        ResultStore s3 =
            stores.open(
                "s3://bucket/p",
                Map.of("endpoint", "http://127.0.0.1:9", "access-key", "a", "secret-key", "b"),
                env);
        ResultStore azure = stores.open("azure://results/p", Map.of(), env)) {
      assertThat(folder).isInstanceOf(FileSystemResultStore.class);
      assertThat(s3).isInstanceOf(S3ResultStore.class);
      assertThat(azure).isInstanceOf(AzureResultStore.class);
    }
  }
}
