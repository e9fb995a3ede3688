package io.modelrunner.store.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlockListType;
import io.modelrunner.core.internal.Hashing;
import io.modelrunner.core.store.StoreException;
import io.modelrunner.core.store.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AzureResultStore} against Azurite, Microsoft's emulator, run as a separate process. */
class AzureResultStoreIT {
  @TempDir static Path serverDir;
  private static AzuriteServer server;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    server = AzuriteServer.start(serverDir);
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void putThenStatAndOpenRoundTripTheContentWithItsSha256() throws IOException {
    AzureResultStore store = store("results/runs", Map.of());
    Path file = write("data.json", "{\"ok\":true}");

    StoredObject stored =
        store.put("simulation-runs/abc/public/data.json", file, "application/json");

    assertThat(stored.size()).isEqualTo(Files.size(file));
    assertThat(stored.sha256()).isEqualTo(sha256(file));
    assertThat(stored.location())
        .isEqualTo(
            server.endpoint()
                + "/"
                + store.config().container()
                + "/results/runs/simulation-runs/abc/public/data.json");
    assertThat(store.stat("simulation-runs/abc/public/data.json")).contains(stored);
    try (InputStream in = store.open("simulation-runs/abc/public/data.json")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
    }
    assertThat(
            rawContainer(store)
                .getBlobClient("results/runs/simulation-runs/abc/public/data.json")
                .getProperties()
                .getContentType())
        .isEqualTo("application/json");
  }

  @Test
  void anEmptyFileIsStored() throws IOException {
    AzureResultStore store = store("", Map.of());
    Path file = Files.createFile(dir.resolve("empty.log"));

    StoredObject stored = store.put("simulation-runs/abc/private/empty.log", file, "text/plain");

    assertThat(stored.size()).isZero();
    assertThat(store.stat("simulation-runs/abc/private/empty.log").orElseThrow().sha256())
        .isEqualTo(sha256(file));
  }

  @Test
  void aFileLargerThanTheBlockSizeIsStagedInBlocksAndCommitted() throws IOException {
    AzureResultStore store = store("", Map.of("block-size", "5MiB"));
    Path file = random("export.zip", 12L * 1024 * 1024 + 123);

    StoredObject stored =
        store.put("simulation-runs/abc/public/export.zip", file, "application/zip");

    assertThat(stored.size()).isEqualTo(Files.size(file));
    assertThat(stored.sha256()).isEqualTo(sha256(file));
    var blocks =
        rawContainer(store)
            .getBlobClient("simulation-runs/abc/public/export.zip")
            .getBlockBlobClient()
            .listBlocks(BlockListType.ALL);
    assertThat(blocks.getCommittedBlocks()).hasSize(3);
    assertThat(blocks.getUncommittedBlocks()).isEmpty();
    assertThat(sha256(store.open("simulation-runs/abc/public/export.zip"))).isEqualTo(sha256(file));
  }

  @Test
  void aSecondPutOverwritesTheFirst() throws IOException {
    AzureResultStore store = store("", Map.of());
    store.put("k/data.json", write("a.json", "first version"), "application/json");

    StoredObject second = store.put("k/data.json", write("b.json", "second"), "application/json");

    assertThat(second.size()).isEqualTo(6);
    try (InputStream in = store.open("k/data.json")) {
      assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("second");
    }
  }

  @Test
  void listingReturnsTheKeysUnderAPrefixRelativeToTheStorePrefix() throws IOException {
    AzureResultStore store = store("p", Map.of());
    Path file = write("x", "x");
    store.put("simulation-runs/h1/public/data.json", file, "application/json");
    store.put("simulation-runs/h1/private/log.txt", file, "text/plain");
    store.put("simulation-runs/h2/public/data.json", file, "application/json");

    assertThat(store.list("simulation-runs/h1/").toList())
        .containsExactlyInAnyOrder(
            "simulation-runs/h1/public/data.json", "simulation-runs/h1/private/log.txt");
  }

  @Test
  void listingAContainerNotCreatedYetIsEmpty() {
    assertThat(store("", Map.of()).list("simulation-runs/").toList()).isEmpty();
  }

  @Test
  void statOfAMissingKeyIsEmptyAndOpenFailsNamingTheStore() {
    AzureResultStore store = store("", Map.of());

    assertThat(store.stat("simulation-runs/none/public/data.json")).isEmpty();
    assertThatThrownBy(() -> store.open("simulation-runs/none/public/data.json"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(store.describe())
        .hasMessageContaining("nothing stored under simulation-runs/none/public/data.json");
  }

  @Test
  void aMissingContainerIsCreatedOnTheFirstWrite() throws IOException {
    AzureResultStore store = store("", Map.of());
    assertThat(rawContainer(store).exists()).isFalse();

    store.put("k", write("f", "content"), "text/plain");

    assertThat(rawContainer(store).exists()).isTrue();
  }

  @Test
  void accountAndKeyWithAnEndpointWorkLikeAConnectionString() throws IOException {
    AzureResultStore store =
        new AzureStoreProvider()
            .open(
                URI.create("azure://" + newContainer() + "/p"),
                Map.of(
                    "account", AzuriteServer.ACCOUNT,
                    "account-key", AzuriteServer.KEY,
                    "endpoint", server.endpoint()),
                Map.of());

    StoredObject stored = store.put("k", write("f", "content"), "text/plain");

    assertThat(store.stat("k")).contains(stored);
  }

  @Test
  void badCredentialsFailWithAStoreExceptionNamingTheStoreWithoutTheSecret() throws IOException {
    String wrongKey = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXk=";
    AzureResultStore store =
        new AzureStoreProvider()
            .open(
                URI.create("azure://" + newContainer()),
                Map.of(
                    "account",
                    AzuriteServer.ACCOUNT,
                    "account-key",
                    wrongKey,
                    "endpoint",
                    server.endpoint(),
                    "max-attempts",
                    "2"),
                Map.of());
    Path file = write("f", "content");

    assertThatThrownBy(() -> store.put("k", file, "text/plain"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(store.describe())
        .hasMessageContaining("refused the credentials")
        .hasMessageNotContaining(wrongKey);
  }

  @Test
  void anUnreachableStoreFailsAfterBoundedRetries() throws IOException {
    int closedPort = AzuriteServer.freePort();
    AzureResultStore store =
        new AzureStoreProvider()
            .open(
                URI.create("azure://unreachable/p"),
                Map.of(
                    "account",
                    AzuriteServer.ACCOUNT,
                    "account-key",
                    AzuriteServer.KEY,
                    "endpoint",
                    "http://127.0.0.1:" + closedPort + "/" + AzuriteServer.ACCOUNT,
                    "max-attempts",
                    "2"),
                Map.of());
    Path file = write("f", "content");

    assertThatThrownBy(() -> store.put("k", file, "text/plain"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("Azure Blob store azure://unreachable/p")
        .hasMessageContaining("unreachable")
        .hasMessageContaining("2 attempts")
        .hasMessageNotContaining(AzuriteServer.KEY);
    assertThatThrownBy(() -> store.stat("k")).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.list("").toList()).isInstanceOf(StoreException.class);
  }

  @Test
  void aFailedBlockUploadLeavesNothingUnderTheKeyAndKeepsThePreviousBlob() throws IOException {
    AzureStoreConfig config =
        AzureStoreConfig.fromUri(
            URI.create("azure://" + newContainer() + "/p"),
            Map.of(
                "connection-string", server.connectionString(),
                "block-size", "5MiB",
                "max-attempts", "2"));
    BlobContainerClient failing =
        AzureResultStore.buildClient(config, new FailingBlockPolicy(1))
            .getBlobContainerClient(config.container());
    AzureResultStore store = new AzureResultStore(config, failing);
    store.put("old/export.zip", write("old", "previous content"), "application/zip");
    Path big = random("big.zip", 11L * 1024 * 1024);

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
  void aStoreThatDropsTheChecksumMetadataFailsThePutAndKeepsNothing() throws IOException {
    AzureStoreConfig config =
        AzureStoreConfig.fromUri(
            URI.create("azure://" + newContainer() + "/p"),
            Map.of("connection-string", server.connectionString(), "max-attempts", "2"));
    BlobContainerClient dropping =
        AzureResultStore.buildClient(config, new DroppingMetadataPolicy())
            .getBlobContainerClient(config.container());
    AzureResultStore store = new AzureResultStore(config, dropping);
    Path file = write("data.json", "{\"ok\":true}");

    assertThatThrownBy(() -> store.put("run/public/data.json", file, "application/json"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(store.describe())
        .hasMessageContaining("run/public/data.json")
        .hasMessageContaining("sha256 null")
        .hasMessageContaining("the blob was deleted");
    assertThat(store.stat("run/public/data.json")).isEmpty();
  }

  private AzureResultStore store(String prefix, Map<String, String> options) {
    Map<String, String> all = new HashMap<>(options);
    all.putIfAbsent("max-attempts", "2");
    URI uri = URI.create("azure://" + newContainer() + (prefix.isEmpty() ? "" : "/" + prefix));
    return new AzureStoreProvider()
        .open(uri, all, Map.of("AZURE_STORAGE_CONNECTION_STRING", server.connectionString()));
  }

  private static BlobContainerClient rawContainer(AzureResultStore store) {
    BlobServiceClient client =
        AzureResultStore.buildClient(
            AzureStoreConfig.fromUri(
                URI.create("azure://raw-client"),
                Map.of("connection-string", server.connectionString())));
    return client.getBlobContainerClient(store.config().container());
  }

  private static String newContainer() {
    return "it-" + UUID.randomUUID().toString().substring(0, 13);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private Path random(String name, long size) throws IOException {
    Path file = dir.resolve(name);
    Random random = new Random(42);
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    }
    return file;
  }

  static String sha256(Path file) throws IOException {
    return sha256(Files.newInputStream(file));
  }

  static String sha256(InputStream stream) throws IOException {
    try (DigestInputStream in = new DigestInputStream(stream, Hashing.sha256())) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    }
  }
}
