package io.modelrunner.store.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Opens {@link AzureResultStore}s on an {@link AzuriteServer}, each in a container of its own. */
final class AzureTestStores {
  private final AzuriteServer server;

  AzureTestStores(AzuriteServer server) {
    this.server = server;
  }

  /**
   * A store on a new container (not created yet) under {@code prefix}, with the connection string
   * from the environment fallback and two attempts unless {@code options} say otherwise.
   */
  AzureResultStore open(String prefix, Map<String, String> options) {
    Map<String, String> all = new HashMap<>(options);
    all.putIfAbsent("max-attempts", "2");
    URI uri = URI.create("azure://" + newContainer() + (prefix.isEmpty() ? "" : "/" + prefix));
    return new AzureStoreProvider()
        .open(uri, all, Map.of("AZURE_STORAGE_CONNECTION_STRING", server.connectionString()));
  }

  /** A store on a new container opened with {@code options} alone (no environment). */
  AzureResultStore openWith(Map<String, String> options) {
    return new AzureStoreProvider()
        .open(URI.create("azure://" + newContainer() + "/p"), options, Map.of());
  }

  /** The configuration of a store on a new container under {@code prefix}. */
  AzureStoreConfig config(String prefix, Map<String, String> options) {
    Map<String, String> all = new HashMap<>(options);
    all.put("connection-string", server.connectionString());
    all.putIfAbsent("max-attempts", "2");
    return AzureStoreConfig.fromUri(URI.create("azure://" + newContainer() + "/" + prefix), all);
  }

  /** A store whose endpoint is a closed loopback port. */
  static AzureResultStore unreachable(int maxAttempts) throws IOException {
    return new AzureStoreProvider()
        .open(
            URI.create("azure://unreachable/p"),
            Map.of(
                "account",
                AzuriteServer.ACCOUNT,
                "account-key",
                AzuriteServer.KEY,
                "endpoint",
                "http://127.0.0.1:" + AzuriteServer.freePort() + "/" + AzuriteServer.ACCOUNT,
                "max-attempts",
                Integer.toString(maxAttempts)),
            Map.of());
  }

  /** The store's container through a client of its own, to look behind the store's back. */
  BlobContainerClient rawContainer(AzureResultStore store) {
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
}
