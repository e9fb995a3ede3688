package io.modelrunner.store.s3;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;

/** Opens {@link S3ResultStore}s on an {@link S3ProxyServer}, each in a bucket of its own. */
final class S3TestStores {
  private final S3ProxyServer server;

  S3TestStores(S3ProxyServer server) {
    this.server = server;
  }

  /** A store on a new bucket (not created yet) under {@code prefix}, with S3Proxy's credentials. */
  S3ResultStore open(String prefix, Map<String, String> options) {
    Map<String, String> all = new HashMap<>(credentials(options));
    all.put("endpoint", server.endpoint().toString());
    URI uri = URI.create("s3://" + newBucket() + (prefix.isEmpty() ? "" : "/" + prefix));
    return new S3StoreProvider().open(uri, all, Map.of());
  }

  /** The configuration of a store on a new bucket under {@code prefix}. */
  S3StoreConfig config(String prefix, Map<String, String> options) {
    Map<String, String> all = new HashMap<>(credentials(options));
    all.put("endpoint", server.endpoint().toString());
    return S3StoreConfig.fromUri(URI.create("s3://" + newBucket() + "/" + prefix), all);
  }

  /** A store whose endpoint is a closed loopback port. */
  static S3ResultStore unreachable(int maxAttempts) throws IOException {
    return new S3StoreProvider()
        .open(
            URI.create("s3://unreachable-bucket/p"),
            credentials(
                Map.of(
                    "endpoint",
                    "http://127.0.0.1:" + S3ProxyServer.freePort(),
                    "max-attempts",
                    Integer.toString(maxAttempts))),
            Map.of());
  }

  /** An SDK client on the server, to look behind a store's back. */
  S3Client rawClient() {
    return S3ResultStore.buildClient(
        S3StoreConfig.fromUri(
            URI.create("s3://raw-client"),
            credentials(Map.of("endpoint", server.endpoint().toString()))));
  }

  /** {@code options} with S3Proxy's credentials and two attempts, unless they say otherwise. */
  static Map<String, String> credentials(Map<String, String> options) {
    Map<String, String> all = new HashMap<>(options);
    all.putIfAbsent("access-key", S3ProxyServer.IDENTITY);
    all.putIfAbsent("secret-key", S3ProxyServer.CREDENTIAL);
    all.putIfAbsent("max-attempts", "2");
    return all;
  }

  private static String newBucket() {
    return "it-" + UUID.randomUUID().toString().substring(0, 13);
  }
}
