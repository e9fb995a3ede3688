package io.modelrunner.store.azure;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.modelrunner.core.internal.Hashing;
import io.modelrunner.core.store.ResultStore;
import io.modelrunner.core.store.StoreDigests;
import io.modelrunner.core.store.StoreException;
import io.modelrunner.core.store.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apiguardian.api.API;

/**
 * A {@link ResultStore} on Azure Blob Storage (or Azurite), with block blobs.
 *
 * <ul>
 *   <li>Keys: store key {@code k} is blob {@code prefix/k} in the configured container.
 *   <li>Uploads stream: a file that fits in one block ({@link AzureStoreConfig#blockSize()}) is one
 *       {@code Put Blob}; a larger file is staged block by block ({@code Put Block}, one block
 *       buffered at a time, so memory is bounded by the block size) and committed with {@code Put
 *       Block List}. Each request carries a {@code Content-MD5} the service checks.
 *   <li>Checksums: size, SHA-256 and MD5 are computed while streaming; the SHA-256 is stored as
 *       blob metadata {@code sha256} and the MD5 as the blob's {@code Content-MD5} when the block
 *       list is committed. The blob's properties must then report the same size and SHA-256, else
 *       the blob is deleted and the put fails.
 *   <li>Atomicity: the block list is committed last, only after every block was accepted; staged
 *       but uncommitted blocks are never visible (the service discards them after a week), so a
 *       failed upload leaves nothing new under the key.
 *   <li>The container is created on the first write when it does not exist.
 *   <li>Locations: the blob's URL, e.g. {@code
 *       https://account.blob.core.windows.net/container/prefix/key} or, on Azurite, {@code
 *       http://127.0.0.1:10000/devstoreaccount1/container/prefix/key}.
 *   <li>Failures: the SDK retries connection errors, timeouts and 5xx up to {@link
 *       AzureStoreConfig#maxAttempts()} attempts with exponential backoff; then, and at once for
 *       refused credentials, a {@link StoreException} naming {@link #describe()} is thrown.
 * </ul>
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class AzureResultStore implements ResultStore {
  static final String SHA256_METADATA = "sha256";
  private static final int MAX_BLOCKS = 50_000;

  private final AzureStoreConfig config;
  private final BlobContainerClient container;
  private final AtomicBoolean containerReady = new AtomicBoolean();

  /** A store with its own SDK client built from {@code config}. */
  public AzureResultStore(AzureStoreConfig config) {
    this(config, buildClient(config).getBlobContainerClient(config.container()));
  }

  /** A store using {@code container}, whose name must be {@code config.container()}. */
  public AzureResultStore(AzureStoreConfig config, BlobContainerClient container) {
    this.config = Objects.requireNonNull(config, "config");
    this.container = Objects.requireNonNull(container, "container");
  }

  /** The configuration this store was built from. */
  public AzureStoreConfig config() {
    return config;
  }

  @Override
  public StoredObject put(String key, Path file, String contentType) {
    String blobName = config.blobName(key);
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(contentType, "contentType");
    try {
      ensureContainer();
      BlockBlobClient blob = container.getBlobClient(blobName).getBlockBlobClient();
      Upload upload;
      try (InputStream in = Files.newInputStream(file)) {
        long fileSize = Files.size(file);
        long blockSize = blockSizeFor(fileSize);
        byte[] buffer = new byte[(int) Math.min(blockSize, fileSize + 1)];
        int n = StoreDigests.fill(in, buffer, 0);
        if (n < buffer.length) {
          upload = putSingle(blob, buffer, n, contentType);
        } else {
          if (buffer.length < blockSize) {
            buffer = Arrays.copyOf(buffer, (int) blockSize); // the file grew since Files.size
            n = StoreDigests.fill(in, buffer, n);
          }
          upload = putBlocks(blob, in, buffer, n, contentType);
        }
      }
      verify(key, blob, upload);
      return new StoredObject(key, upload.size(), upload.sha256(), location(key));
    } catch (NoSuchFileException e) {
      throw new StoreException(describe() + ": cannot store " + key + ": no such file " + file, e);
    } catch (IOException e) {
      throw new StoreException(describe() + ": cannot store " + key + ": " + e, e);
    } catch (RuntimeException e) {
      throw AzureFailures.of(describe(), "store " + key, e, config.maxAttempts());
    }
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    String blobName = config.blobName(key);
    try {
      BlobProperties properties = container.getBlobClient(blobName).getProperties();
      return Optional.of(
          new StoredObject(
              key,
              properties.getBlobSize(),
              properties.getMetadata() == null
                  ? null
                  : properties.getMetadata().get(SHA256_METADATA),
              location(key)));
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        return Optional.empty(); // no such blob, or no such container yet
      }
      throw AzureFailures.of(describe(), "read the properties of " + key, e, config.maxAttempts());
    } catch (RuntimeException e) {
      throw AzureFailures.of(describe(), "read the properties of " + key, e, config.maxAttempts());
    }
  }

  @Override
  public InputStream open(String key) {
    String blobName = config.blobName(key);
    try {
      return container.getBlobClient(blobName).openInputStream();
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        throw new StoreException(describe() + ": nothing stored under " + key, e);
      }
      throw AzureFailures.of(describe(), "open " + key, e, config.maxAttempts());
    } catch (RuntimeException e) {
      throw AzureFailures.of(describe(), "open " + key, e, config.maxAttempts());
    }
  }

  /**
   * The store keys under {@code keyPrefix} (a key prefix such as {@code simulation-runs/abc/}, or
   * empty for all), fetched page by page as the stream is consumed; a failing page throws {@link
   * StoreException}.
   */
  public Stream<String> list(String keyPrefix) {
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    String storePrefix = config.prefix().isEmpty() ? "" : config.prefix() + "/";
    ListBlobsOptions options = new ListBlobsOptions().setPrefix(storePrefix + keyPrefix);
    Iterator<String> keys =
        new Iterator<>() {
          private Iterator<BlobItem> blobs; // the first page is fetched on first use

          @Override
          public boolean hasNext() {
            try {
              if (blobs == null) {
                blobs = container.listBlobs(options, null).iterator();
              }
              return blobs.hasNext();
            } catch (BlobStorageException e) {
              if (e.getStatusCode() == 404) {
                return false; // no container yet: nothing stored
              }
              throw AzureFailures.of(describe(), "list " + keyPrefix, e, config.maxAttempts());
            } catch (RuntimeException e) {
              throw AzureFailures.of(describe(), "list " + keyPrefix, e, config.maxAttempts());
            }
          }

          @Override
          public String next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return blobs.next().getName().substring(storePrefix.length());
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(keys, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /**
   * The blob's URL, e.g. {@code https://account.blob.core.windows.net/container/prefix/key}: each
   * {@code /}-separated segment percent-encoded, the slashes kept.
   */
  @Override
  public String location(String key) {
    StringBuilder url = new StringBuilder(container.getBlobContainerUrl());
    for (String segment : config.blobName(key).split("/")) {
      url.append('/')
          .append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return url.toString();
  }

  /** E.g. {@code Azure Blob store azure://results/runs (https://acc.blob.core.windows.net)}. */
  @Override
  public String describe() {
    return "Azure Blob store " + config.uri() + " (" + accountUrl() + ")";
  }

  private String accountUrl() {
    String url = container.getBlobContainerUrl();
    int cut = url.lastIndexOf('/');
    return cut > 0 ? url.substring(0, cut) : url;
  }

  private long blockSizeFor(long fileSize) {
    long needed = (fileSize + MAX_BLOCKS - 1) / MAX_BLOCKS;
    long blockSize = Math.max(config.blockSize(), needed);
    if (blockSize > AzureStoreConfig.MAX_BLOCK_SIZE) {
      throw new StoreException(
          describe() + ": a file of " + fileSize + " bytes exceeds the largest block blob");
    }
    return blockSize;
  }

  private Upload putSingle(BlockBlobClient blob, byte[] buffer, int n, String contentType) {
    byte[] content = Arrays.copyOf(buffer, n);
    String sha256 = Hashing.hex(Hashing.sha256().digest(content));
    byte[] md5 = StoreDigests.md5().digest(content);
    blob.uploadWithResponse(
        new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(content))
            .setHeaders(new BlobHttpHeaders().setContentType(contentType).setContentMd5(md5))
            .setMetadata(Map.of(SHA256_METADATA, sha256))
            .setContentMd5(md5),
        null,
        Context.NONE);
    return new Upload(n, sha256, md5);
  }

  private Upload putBlocks(
      BlockBlobClient blob, InputStream in, byte[] buffer, int firstBlock, String contentType)
      throws IOException {
    String uploadId = UUID.randomUUID().toString();
    MessageDigest sha256 = Hashing.sha256();
    MessageDigest md5 = StoreDigests.md5();
    List<String> blockIds = new ArrayList<>();
    long size = 0;
    for (int n = firstBlock; n > 0; n = StoreDigests.fill(in, buffer, 0)) {
      sha256.update(buffer, 0, n);
      md5.update(buffer, 0, n);
      size += n;
      String blockId = blockId(uploadId, blockIds.size());
      byte[] blockMd5 =
          StoreDigests.md5().digest(n == buffer.length ? buffer : Arrays.copyOf(buffer, n));
      BinaryData data =
          BinaryData.fromBytes(n == buffer.length ? buffer : Arrays.copyOf(buffer, n));
      blob.stageBlockWithResponse(
          new BlockBlobStageBlockOptions(blockId, data).setContentMd5(blockMd5),
          null,
          Context.NONE);
      blockIds.add(blockId);
    }
    String sha256Hex = Hashing.hex(sha256.digest());
    byte[] md5Bytes = md5.digest();
    // The commit comes last: until then the key shows its previous content or nothing.
    blob.commitBlockListWithResponse(
        new BlockBlobCommitBlockListOptions(blockIds)
            .setHeaders(new BlobHttpHeaders().setContentType(contentType).setContentMd5(md5Bytes))
            .setMetadata(Map.of(SHA256_METADATA, sha256Hex)),
        null,
        Context.NONE);
    return new Upload(size, sha256Hex, md5Bytes);
  }

  private void verify(String key, BlockBlobClient blob, Upload upload) {
    BlobProperties properties = blob.getProperties();
    String storedSha =
        properties.getMetadata() == null ? null : properties.getMetadata().get(SHA256_METADATA);
    boolean md5Matches =
        properties.getContentMd5() == null
            || Arrays.equals(properties.getContentMd5(), upload.md5());
    if (properties.getBlobSize() != upload.size()
        || !upload.sha256().equals(storedSha)
        || !md5Matches) {
      try {
        blob.delete();
      } catch (RuntimeException e) {
        // reported below either way
      }
      throw StoreException.notAsSent(
          describe(),
          key,
          properties.getBlobSize(),
          storedSha,
          upload.size(),
          upload.sha256(),
          "the blob");
    }
  }

  private void ensureContainer() {
    if (containerReady.get()) {
      return;
    }
    try {
      if (!container.exists()) {
        container.create();
      }
    } catch (BlobStorageException e) {
      if (e.getErrorCode() != BlobErrorCode.CONTAINER_ALREADY_EXISTS) {
        throw new StoreException(
            describe()
                + ": container "
                + config.container()
                + " does not exist and could not be created ("
                + AzureFailures.reason(e, config.maxAttempts())
                + ")",
            e);
      }
    }
    containerReady.set(true);
  }

  private static String blockId(String uploadId, int index) {
    String id = uploadId + "-" + String.format("%06d", index);
    return Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.US_ASCII));
  }

  static BlobServiceClient buildClient(AzureStoreConfig config, HttpPipelinePolicy... policies) {
    BlobServiceClientBuilder builder =
        new BlobServiceClientBuilder()
            .httpClient(
                new JdkHttpClientBuilder().connectionTimeout(Duration.ofSeconds(10)).build())
            .retryOptions(
                new RequestRetryOptions(
                    RetryPolicyType.EXPONENTIAL,
                    config.maxAttempts(),
                    Duration.ofMinutes(5),
                    Duration.ofMillis(200),
                    Duration.ofSeconds(5),
                    null));
    if (config.connectionString() != null) {
      builder.connectionString(config.connectionString());
    } else {
      String endpoint =
          config.endpoint() != null
              ? config.endpoint().toString()
              : "https://" + config.accountName() + ".blob.core.windows.net";
      builder
          .endpoint(endpoint)
          .credential(new StorageSharedKeyCredential(config.accountName(), config.accountKey()));
    }
    for (HttpPipelinePolicy policy : policies) {
      builder.addPolicy(policy);
    }
    return builder.buildClient();
  }

  private record Upload(long size, String sha256, byte[] md5) {}
}
