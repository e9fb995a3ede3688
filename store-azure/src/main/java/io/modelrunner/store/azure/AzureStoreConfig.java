package io.modelrunner.store.azure;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.core.store.StoreKeys;
import io.modelrunner.core.store.StoreOptions;
import io.modelrunner.core.store.StoreUri;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Where and how an {@link AzureResultStore} stores blobs. Credentials are either a connection
 * string, or an account name and key (with an optional endpoint, e.g. Azurite's). {@link
 * #toString()} never shows a secret.
 *
 * @param container the container (created on first write when missing)
 * @param prefix a blob name prefix without leading or trailing {@code /}, or empty
 * @param connectionString a storage connection string, or null
 * @param accountName the storage account name, or null with a connection string
 * @param accountKey the account key (base64), or null with a connection string
 * @param endpoint the blob service endpoint, e.g. {@code http://127.0.0.1:10000/devstoreaccount1};
 *     null for {@code https://<account>.blob.core.windows.net}; ignored with a connection string
 * @param blockSize the block size in bytes, 1 MiB to 1 GiB; larger files are uploaded as staged
 *     blocks, and the block size grows when a file would need more than 50,000 blocks
 * @param maxAttempts attempts per request, including the first (bounded retries), 1 to 10
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record AzureStoreConfig(
    String container,
    String prefix,
    String connectionString,
    String accountName,
    String accountKey,
    URI endpoint,
    long blockSize,
    int maxAttempts) {

  /** The smallest block size accepted here. */
  public static final long MIN_BLOCK_SIZE = 1024L * 1024;

  /** The largest block this store buffers. */
  public static final long MAX_BLOCK_SIZE = 1024L * 1024 * 1024;

  /** The default block size: 16 MiB. */
  public static final long DEFAULT_BLOCK_SIZE = 16L * 1024 * 1024;

  /** The default number of attempts per request. */
  public static final int DEFAULT_MAX_ATTEMPTS = 4;

  /** The option names {@link #fromUri(URI, Map)} accepts. */
  public static final Set<String> OPTIONS =
      Set.of(
          "connection-string", "account", "account-key", "endpoint", "block-size", "max-attempts");

  public AzureStoreConfig {
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(prefix, "prefix");
    if (!container.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException(
          "invalid Azure container name '"
              + container
              + "': 3-63 of a-z, 0-9 and single '-', starting and ending with a letter or digit");
    }
    if (!prefix.isEmpty()) {
      StoreKeys.requireValid(prefix);
    }
    boolean hasConnectionString = connectionString != null && !connectionString.isBlank();
    boolean hasKey =
        accountName != null
            && !accountName.isBlank()
            && accountKey != null
            && !accountKey.isBlank();
    if (hasConnectionString == hasKey) {
      throw new IllegalArgumentException(
          "an Azure store needs either a connection string or an account name and key (not both)");
    }
    StoreOptions.requireHttpUrl("Azure endpoint", endpoint);
    StoreOptions.requireBetween(
        "Azure block size", blockSize, MIN_BLOCK_SIZE, MAX_BLOCK_SIZE, "1 MiB and 1 GiB (bytes)");
    StoreOptions.requireBetween("Azure max attempts", maxAttempts, 1, 10, "1 and 10");
  }

  /**
   * Reads {@code azure://container[/prefix]} and options: {@code connection-string}, or {@code
   * account} + {@code account-key} (+ {@code endpoint}); {@code block-size} (a {@link StoreOptions}
   * size; default 16 MiB); {@code max-attempts} (default 4).
   *
   * @throws IllegalArgumentException for a URI that is not {@code azure:}, an unknown option or a
   *     bad value; the message never contains a secret
   */
  public static AzureStoreConfig fromUri(URI uri, Map<String, String> options) {
    StoreUri location = StoreUri.parse(uri, "azure", "container");
    StoreOptions values = new StoreOptions("Azure", options, OPTIONS);
    String connectionString = values.text("connection-string", null);
    if (connectionString != null && values.has("account-key")) {
      throw new IllegalArgumentException(
          "Azure store options connection-string and account-key exclude each other");
    }
    return new AzureStoreConfig(
        location.container(),
        location.prefix(),
        connectionString,
        values.text("account", null),
        values.text("account-key", null),
        values.endpoint("endpoint"),
        values.size("block-size", DEFAULT_BLOCK_SIZE),
        values.integer("max-attempts", DEFAULT_MAX_ATTEMPTS));
  }

  /** This configuration's container and prefix as a URI. */
  public StoreUri storeUri() {
    return new StoreUri("azure", container, prefix);
  }

  /** {@code azure://container/prefix}, the URI this configuration was read from. */
  public String uri() {
    return storeUri().toString();
  }

  /** The blob name of a store key: {@code prefix/key}, or {@code key} without prefix. */
  public String blobName(String key) {
    return storeUri().key(key);
  }

  /** This configuration without secrets. */
  @Override
  public String toString() {
    return "AzureStoreConfig[uri="
        + uri()
        + ", credentials="
        + (connectionString != null
            ? "connection string ***"
            : "account " + accountName + " key ***")
        + ", endpoint="
        + endpoint
        + ", blockSize="
        + blockSize
        + ", maxAttempts="
        + maxAttempts
        + "]";
  }
}
