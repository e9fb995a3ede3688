package io.modelrunner.store.azure;

import io.modelrunner.core.store.StoreKeys;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
    if (endpoint != null
        && (endpoint.getHost() == null
            || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())))) {
      throw new IllegalArgumentException("Azure endpoint must be an http(s) URL: " + endpoint);
    }
    if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
      throw new IllegalArgumentException(
          "Azure block size must be between 1 MiB and 1 GiB (bytes): " + blockSize);
    }
    if (maxAttempts < 1 || maxAttempts > 10) {
      throw new IllegalArgumentException(
          "Azure max attempts must be between 1 and 10: " + maxAttempts);
    }
  }

  /**
   * Reads {@code azure://container[/prefix]} and options: {@code connection-string}, or {@code
   * account} + {@code account-key} (+ {@code endpoint}); {@code block-size} (bytes, or with a
   * {@code KiB}/{@code MiB}/{@code GiB} suffix; default 16 MiB); {@code max-attempts} (default 4).
   *
   * @throws IllegalArgumentException for a URI that is not {@code azure:}, an unknown option or a
   *     bad value; the message never contains a secret
   */
  public static AzureStoreConfig fromUri(URI uri, Map<String, String> options) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    if (!"azure".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("not an azure: URI: " + uri);
    }
    for (String name : options.keySet()) {
      if (!OPTIONS.contains(name)) {
        throw new IllegalArgumentException(
            "unknown Azure store option '"
                + name
                + "'; known: "
                + String.join(", ", OPTIONS.stream().sorted().toList()));
      }
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getUserInfo() != null) {
      throw new IllegalArgumentException(
          "an azure: URI is azure://container/prefix, without user, query or fragment");
    }
    String container = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
    if (container == null || container.isEmpty()) {
      throw new IllegalArgumentException(
          "an azure: URI names a container: azure://container/prefix: " + uri);
    }
    String connectionString = options.get("connection-string");
    if (connectionString != null && (options.containsKey("account-key"))) {
      throw new IllegalArgumentException(
          "Azure store options connection-string and account-key exclude each other");
    }
    URI endpoint = options.containsKey("endpoint") ? parseEndpoint(options.get("endpoint")) : null;
    long blockSize =
        options.containsKey("block-size")
            ? parseSize(options.get("block-size"))
            : DEFAULT_BLOCK_SIZE;
    int maxAttempts =
        options.containsKey("max-attempts")
            ? parseInt(options.get("max-attempts"))
            : DEFAULT_MAX_ATTEMPTS;
    return new AzureStoreConfig(
        container,
        trimSlashes(uri.getPath() == null ? "" : uri.getPath()),
        connectionString,
        options.get("account"),
        options.get("account-key"),
        endpoint,
        blockSize,
        maxAttempts);
  }

  /** {@code azure://container/prefix}, the URI this configuration was read from. */
  public String uri() {
    return "azure://" + container + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  /** The blob name of a store key: {@code prefix/key}, or {@code key} without prefix. */
  public String blobName(String key) {
    StoreKeys.requireValid(key);
    return prefix.isEmpty() ? key : prefix + "/" + key;
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

  private static URI parseEndpoint(String value) {
    try {
      URI endpoint = new URI(value);
      if (endpoint.getRawUserInfo() != null || endpoint.getRawQuery() != null) {
        throw new IllegalArgumentException(
            "Azure endpoint must not carry credentials or a SAS token");
      }
      return endpoint;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Azure endpoint is not a URL", e);
    }
  }

  private static int parseInt(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Azure store option max-attempts is a number: " + value, e);
    }
  }

  /** Bytes, or a number with a KiB, MiB or GiB suffix. */
  static long parseSize(String value) {
    String v = value.trim();
    long unit = 1;
    for (var suffix : Map.of("KiB", 1L << 10, "MiB", 1L << 20, "GiB", 1L << 30).entrySet()) {
      if (v.toLowerCase(Locale.ROOT).endsWith(suffix.getKey().toLowerCase(Locale.ROOT))) {
        unit = suffix.getValue();
        v = v.substring(0, v.length() - suffix.getKey().length()).trim();
      }
    }
    try {
      return Math.multiplyExact(Long.parseLong(v), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "Azure store option block-size is bytes or a number with KiB, MiB or GiB: " + value, e);
    }
  }

  private static String trimSlashes(String path) {
    int start = 0;
    int end = path.length();
    while (start < end && path.charAt(start) == '/') {
      start++;
    }
    while (end > start && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(start, end);
  }
}
