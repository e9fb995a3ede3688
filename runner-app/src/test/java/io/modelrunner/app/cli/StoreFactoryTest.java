package io.modelrunner.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.core.store.ResultStore;
import io.modelrunner.core.store.filesystem.FileSystemResultStore;
import io.modelrunner.store.azure.AzureResultStore;
import io.modelrunner.store.s3.S3ResultStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFactoryTest {
  @TempDir Path dir;

  private final StoreFactory stores =
      new StoreFactory(Map.of("AZURE_STORAGE_ACCOUNT", "acc", "AZURE_STORAGE_KEY", "a2V5"));

  @Test
  void everyShippedStoreIsFoundOnTheApplicationsClasspath() {
    try (ResultStore folder = stores.open(dir.toString(), Map.of());
        ResultStore s3 =
            stores.open(
                "s3://bucket/p",
                Map.of("endpoint", "http://127.0.0.1:9", "access-key", "a", "secret-key", "b"));
        ResultStore azure = stores.open("azure://results/p", Map.of())) {
      assertThat(folder).isInstanceOf(FileSystemResultStore.class);
      assertThat(s3).isInstanceOf(S3ResultStore.class);
      assertThat(azure).isInstanceOf(AzureResultStore.class);
    }
  }

  @Test
  void aBadStoreIsAUserErrorNamingTheOption() {
    assertThatThrownBy(() -> stores.open("gs://bucket", Map.of()))
        .isInstanceOf(UserErrorException.class)
        .hasMessage(
            "--store: unknown store scheme 'gs': use a folder or a URI with scheme azure, file, s3");
    assertThatThrownBy(() -> stores.open(dir.toString(), Map.of("region", "x")))
        .isInstanceOf(UserErrorException.class)
        .hasMessageStartingWith("--store: store options apply to s3:// and azure:// stores");
    assertThatThrownBy(() -> stores.open("s3://bucket", Map.of("part-size", "lots")))
        .isInstanceOf(UserErrorException.class)
        .hasMessageStartingWith("--store: S3 store option part-size is bytes or a number");
  }
}
