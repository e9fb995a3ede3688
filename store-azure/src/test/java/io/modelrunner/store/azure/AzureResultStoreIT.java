package io.modelrunner.store.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlockListType;
import io.modelrunner.core.store.StoreException;
import io.modelrunner.core.store.StoredObject;
import io.modelrunner.testkit.junit.RequiresServer;
import io.modelrunner.testkit.store.StoreFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only {@link AzureResultStore} does, against Azurite: its locations, block staging, container
 * creation, account-key configuration, and its answers to faults injected into the SDK's pipeline.
 * What every store does is in {@link AzureResultStoreContractIT}.
 */
@RequiresServer(AzuriteInstalled.class)
class AzureResultStoreIT {
  @TempDir static Path serverDir;
  private static AzuriteServer server;
  private static AzureTestStores stores;

  @TempDir Path dir;
  private StoreFiles files;

  @BeforeAll
  static void startServer() throws Exception {
    server = AzuriteServer.start(serverDir);
    stores = new AzureTestStores(server);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void files() {
    files = new StoreFiles(dir);
  }

  @Test
  void theLocationIsTheBlobUrlWithEachSegmentPercentEncoded() {
    AzureResultStore store = stores.open("results/runs", Map.of());

    StoredObject stored =
        store.put(
            "simulation-runs/abc/public/data 1.json",
            files.text("data.json", "{}"),
            "application/json");

    assertThat(stored.location())
        .isEqualTo(
            server.endpoint()
                + "/"
                + store.config().container()
                + "/results/runs/simulation-runs/abc/public/data%201.json");
  }

  @Test
  void aFileLargerThanTheBlockSizeIsStagedInBlocksAndCommitted() {
    AzureResultStore store = stores.open("", Map.of("block-size", "5MiB"));
    Path file = files.random("export.zip", 12L * 1024 * 1024 + 123, 42);

    StoredObject stored =
        store.put("simulation-runs/abc/public/export.zip", file, "application/zip");

    assertThat(stored.sha256()).isEqualTo(StoreFiles.sha256(file));
    var blocks =
        stores
            .rawContainer(store)
            .getBlobClient("simulation-runs/abc/public/export.zip")
            .getBlockBlobClient()
            .listBlocks(BlockListType.ALL);
    assertThat(blocks.getCommittedBlocks()).hasSize(3);
    assertThat(blocks.getUncommittedBlocks()).isEmpty();
  }

  @Test
  void aMissingContainerIsCreatedOnTheFirstWrite() {
    AzureResultStore store = stores.open("", Map.of());
    assertThat(stores.rawContainer(store).exists()).isFalse();

    store.put("k", files.text("f", "content"), "text/plain");

    assertThat(stores.rawContainer(store).exists()).isTrue();
  }

  @Test
  void accountAndKeyWithAnEndpointWorkLikeAConnectionString() {
    AzureResultStore store =
        stores.openWith(
            Map.of(
                "account", AzuriteServer.ACCOUNT,
                "account-key", AzuriteServer.KEY,
                "endpoint", server.endpoint()));

    StoredObject stored = store.put("k", files.text("f", "content"), "text/plain");

    assertThat(store.stat("k")).contains(stored);
  }

  @Test
  void aFailedBlockUploadLeavesNothingUnderTheKeyAndKeepsThePreviousBlob() throws IOException {
    AzureStoreConfig config = stores.config("p", Map.of("block-size", "5MiB"));
    BlobContainerClient failing =
        AzureResultStore.buildClient(config, new FailingBlockPolicy(1))
            .getBlobContainerClient(config.container());
    AzureResultStore store = new AzureResultStore(config, failing);
    store.put("old/export.zip", files.text("old", "previous content"), "application/zip");
    Path big = files.random("big.zip", 11L * 1024 * 1024, 7);

    assertThatThrownBy(() -> store.put("fresh/export.zip", big, "application/zip"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(store.describe());
    assertThatThrownBy(() -> store.put("old/export.zip", big, "application/zip"))
        .isInstanceOf(StoreException.class);

    assertThat(store.stat("fresh/export.zip")).isEmpty();
    try (InputStream in = store.open("old/export.zip")) {
      assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("previous content");
    }
  }

  @Test
  void aStoreThatDropsTheChecksumMetadataFailsThePutAndKeepsNothing() {
    AzureStoreConfig config = stores.config("p", Map.of());
    BlobContainerClient dropping =
        AzureResultStore.buildClient(config, new DroppingMetadataPolicy())
            .getBlobContainerClient(config.container());
    AzureResultStore store = new AzureResultStore(config, dropping);
    Path file = files.text("data.json", "{\"ok\":true}");

    assertThatThrownBy(() -> store.put("run/public/data.json", file, "application/json"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(store.describe())
        .hasMessageContaining("run/public/data.json")
        .hasMessageContaining("sha256 null")
        .hasMessageContaining("the blob was deleted");
    assertThat(store.stat("run/public/data.json")).isEmpty();
  }
}
