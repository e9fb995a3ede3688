package io.modelrunner.store.azure;

import io.modelrunner.testkit.junit.RequiresServer;
import io.modelrunner.testkit.store.ResultStoreContract;
import io.modelrunner.testkit.store.StoreWithSecret;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link ResultStoreContract} for {@link AzureResultStore} against Azurite, each test on a new
 * container under a prefix, with 5 MiB blocks so the contract's large object is staged in blocks.
 */
@RequiresServer(AzuriteInstalled.class)
class AzureResultStoreContractIT extends ResultStoreContract<AzureResultStore> {
  @TempDir static Path serverDir;
  private static AzuriteServer server;
  private static AzureTestStores stores;

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

  @Override
  protected AzureResultStore newStore() {
    return stores.open("results/runs", Map.of("block-size", "5MiB"));
  }

  @Override
  protected boolean lists() {
    return true;
  }

  @Override
  protected Stream<String> list(AzureResultStore store, String keyPrefix) {
    return store.list(keyPrefix);
  }

  @Override
  protected Optional<String> contentType(AzureResultStore store, String key) {
    return Optional.of(
        stores
            .rawContainer(store)
            .getBlobClient(store.config().blobName(key))
            .getProperties()
            .getContentType());
  }

  @Override
  protected Optional<StoreWithSecret<AzureResultStore>> newStoreWithWrongSecret() {
    String wrongKey = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXk=";
    return Optional.of(
        new StoreWithSecret<>(
            stores.openWith(
                Map.of(
                    "account",
                    AzuriteServer.ACCOUNT,
                    "account-key",
                    wrongKey,
                    "endpoint",
                    server.endpoint(),
                    "max-attempts",
                    "2")),
            wrongKey));
  }

  @Override
  protected Optional<StoreWithSecret<AzureResultStore>> newUnreachableStore(int maxAttempts)
      throws Exception {
    return Optional.of(
        new StoreWithSecret<>(AzureTestStores.unreachable(maxAttempts), AzuriteServer.KEY));
  }
}
