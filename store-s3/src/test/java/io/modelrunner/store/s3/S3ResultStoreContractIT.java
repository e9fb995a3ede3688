package io.modelrunner.store.s3;

import io.modelrunner.testkit.store.ResultStoreContract;
import io.modelrunner.testkit.store.StoreWithSecret;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@link ResultStoreContract} for {@link S3ResultStore} against S3Proxy, each test on a new
 * bucket under a prefix, with 5 MiB parts so the contract's large object is a multipart upload.
 */
class S3ResultStoreContractIT extends ResultStoreContract<S3ResultStore> {
  @TempDir static Path serverDir;
  private static S3ProxyServer server;
  private static S3TestStores stores;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyServer.start(serverDir);
    stores = new S3TestStores(server);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected S3ResultStore newStore() {
    return stores.open("results/runs", Map.of("part-size", "5MiB"));
  }

  @Override
  protected boolean lists() {
    return true;
  }

  @Override
  protected Stream<String> list(S3ResultStore store, String keyPrefix) {
    return store.list(keyPrefix);
  }

  @Override
  protected Optional<String> contentType(S3ResultStore store, String key) {
    try (S3Client raw = stores.rawClient()) {
      return Optional.of(
          raw.headObject(r -> r.bucket(store.config().bucket()).key(store.config().objectKey(key)))
              .contentType());
    }
  }

  @Override
  protected Optional<StoreWithSecret<S3ResultStore>> newStoreWithWrongSecret() {
    String secret = "wrong-secret-xyz-0123456789";
    return Optional.of(
        new StoreWithSecret<>(stores.open("", Map.of("secret-key", secret)), secret));
  }

  @Override
  protected Optional<StoreWithSecret<S3ResultStore>> newUnreachableStore(int maxAttempts)
      throws Exception {
    return Optional.of(
        new StoreWithSecret<>(S3TestStores.unreachable(maxAttempts), S3ProxyServer.CREDENTIAL));
  }
}
