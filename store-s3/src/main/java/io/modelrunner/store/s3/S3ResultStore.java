package io.modelrunner.store.s3;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.core.internal.Hashing;
import io.modelrunner.core.store.ResultStore;
import io.modelrunner.core.store.StoreDigests;
import io.modelrunner.core.store.StoreException;
import io.modelrunner.core.store.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apiguardian.api.API;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link ResultStore} on an S3-compatible object store (AWS S3, MinIO, S3Proxy, …), with the AWS
 * SDK v2 and the JDK's URLConnection HTTP client.
 *
 * <ul>
 *   <li>Keys: store key {@code k} is object key {@code prefix/k} in the configured bucket.
 *   <li>Uploads stream: a file that fits in one part ({@link S3StoreConfig#partSize()}) is one
 *       {@code PutObject}; a larger file is a multipart upload with one part buffered at a time, so
 *       memory is bounded by the part size whatever the file size. Every request carries a {@code
 *       Content-MD5} the store checks.
 *   <li>Checksums: size and SHA-256 are computed while streaming and stored as user metadata {@code
 *       x-amz-meta-sha256}; after the upload a {@code HEAD} must report the same size and SHA-256,
 *       else the object is deleted and the put fails. A multipart upload needs the SHA-256 before
 *       it starts (metadata is fixed at creation), so such a file is read twice: once to hash it,
 *       once to upload it, the second read hashed again and compared before completion.
 *   <li>Atomicity: a multipart upload is completed only when every part was accepted and the
 *       content hashed as announced; otherwise it is aborted, and nothing appears under the key (an
 *       earlier object under the key stays as it was).
 *   <li>The bucket is created on the first write when it does not exist.
 *   <li>Locations: {@code s3://bucket/prefix/key}, or with {@link S3StoreConfig.LocationStyle#URL}
 *       the object's URL, e.g. {@code http://minio:9000/bucket/prefix/key} (path style) or {@code
 *       https://bucket.s3.eu-west-1.amazonaws.com/prefix/key}.
 *   <li>Failures: the SDK retries connection errors, 5xx and throttling up to {@link
 *       S3StoreConfig#maxAttempts()} attempts with backoff; then, and at once for refused
 *       credentials, a {@link StoreException} naming {@link #describe()} is thrown.
 * </ul>
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class S3ResultStore implements ResultStore {
  static final String SHA256_METADATA = "sha256";
  private static final int MAX_PARTS = 10_000;

  private final S3StoreConfig config;
  private final S3Client client;
  private final AtomicBoolean bucketReady = new AtomicBoolean();

  /** A store with its own SDK client built from {@code config}; {@link #close()} closes it. */
  public S3ResultStore(S3StoreConfig config) {
    this(config, buildClient(config));
  }

  /** A store using {@code client}, which it closes on {@link #close()}. */
  public S3ResultStore(S3StoreConfig config, S3Client client) {
    this.config = Objects.requireNonNull(config, "config");
    this.client = Objects.requireNonNull(client, "client");
  }

  /** The configuration this store was built from. */
  public S3StoreConfig config() {
    return config;
  }

  @Override
  public StoredObject put(String key, Path file, String contentType) {
    String objectKey = config.objectKey(key);
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(contentType, "contentType");
    ensureBucket();
    try (InputStream in = Files.newInputStream(file)) {
      long fileSize = Files.size(file);
      long partSize = partSizeFor(fileSize);
      byte[] buffer = new byte[(int) Math.min(partSize, fileSize + 1)];
      int n = StoreDigests.fill(in, buffer, 0);
      Upload upload;
      if (n < buffer.length) {
        upload = putSingle(objectKey, buffer, n, contentType);
      } else {
        if (buffer.length < partSize) {
          buffer = Arrays.copyOf(buffer, (int) partSize); // the file grew since Files.size
          n = StoreDigests.fill(in, buffer, n);
        }
        upload = putMultipart(objectKey, file, in, buffer, n, contentType);
      }
      verify(key, objectKey, upload);
      return new StoredObject(key, upload.size(), upload.sha256(), location(key));
    } catch (NoSuchFileException e) {
      throw new StoreException(describe() + ": cannot store " + key + ": no such file " + file, e);
    } catch (IOException e) {
      throw new StoreException(describe() + ": cannot store " + key + ": " + e, e);
    } catch (SdkException e) {
      throw S3Failures.of(describe(), "store " + key, e, config.maxAttempts());
    }
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    String objectKey = config.objectKey(key);
    try {
      HeadObjectResponse head = client.headObject(r -> r.bucket(config.bucket()).key(objectKey));
      return Optional.of(
          new StoredObject(
              key, head.contentLength(), head.metadata().get(SHA256_METADATA), location(key)));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty(); // no such key, or no such bucket yet
      }
      throw S3Failures.of(describe(), "read the properties of " + key, e, config.maxAttempts());
    } catch (SdkException e) {
      throw S3Failures.of(describe(), "read the properties of " + key, e, config.maxAttempts());
    }
  }

  @Override
  public InputStream open(String key) {
    String objectKey = config.objectKey(key);
    try {
      return client.getObject(r -> r.bucket(config.bucket()).key(objectKey));
    } catch (NoSuchKeyException e) {
      throw new StoreException(describe() + ": nothing stored under " + key, e);
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw new StoreException(describe() + ": nothing stored under " + key, e);
      }
      throw S3Failures.of(describe(), "open " + key, e, config.maxAttempts());
    } catch (SdkException e) {
      throw S3Failures.of(describe(), "open " + key, e, config.maxAttempts());
    }
  }

  /**
   * The store keys under {@code keyPrefix} (a key prefix such as {@code simulation-runs/abc/}, or
   * empty for all), in key order, fetched page by page as the stream is consumed (none before the
   * bucket exists); a failing page throws {@link StoreException}.
   */
  public Stream<String> list(String keyPrefix) {
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    String storePrefix = config.prefix().isEmpty() ? "" : config.prefix() + "/";
    Function<SdkException, StoreException> failure =
        e -> S3Failures.of(describe(), "list " + keyPrefix, e, config.maxAttempts());
    try {
      Iterator<S3Object> objects =
          client
              .listObjectsV2Paginator(
                  r -> r.bucket(config.bucket()).prefix(storePrefix + keyPrefix))
              .contents()
              .iterator();
      Iterator<String> keys =
          new Iterator<>() {
            @Override
            public boolean hasNext() {
              try {
                return objects.hasNext();
              } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                  return false; // no bucket yet: nothing stored
                }
                throw failure.apply(e);
              } catch (SdkException e) {
                throw failure.apply(e); // a later page failed
              }
            }

            @Override
            public String next() {
              try {
                return objects.next().key().substring(storePrefix.length());
              } catch (SdkException e) {
                throw failure.apply(e);
              }
            }
          };
      return StreamSupport.stream(
          Spliterators.spliteratorUnknownSize(keys, Spliterator.ORDERED | Spliterator.NONNULL),
          false);
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Stream.empty(); // no bucket yet: nothing stored
      }
      throw failure.apply(e);
    } catch (SdkException e) {
      throw failure.apply(e);
    }
  }

  /**
   * {@code s3://bucket/prefix/key}, or with {@code location=url} the object's URL at the endpoint.
   */
  @Override
  public String location(String key) {
    String objectKey = config.objectKey(key);
    if (config.locationStyle() == S3StoreConfig.LocationStyle.URL) {
      return client
          .utilities()
          .getUrl(r -> r.bucket(config.bucket()).key(objectKey))
          .toExternalForm();
    }
    return "s3://" + config.bucket() + "/" + objectKey;
  }

  /** E.g. {@code S3 store s3://results/runs (endpoint http://127.0.0.1:9000, region us-east-1)}. */
  @Override
  public String describe() {
    return "S3 store "
        + config.uri()
        + " (endpoint "
        + (config.endpoint() == null ? "AWS" : config.endpoint())
        + ", region "
        + config.region()
        + ")";
  }

  @Override
  public void close() {
    client.close();
  }

  private long partSizeFor(long fileSize) {
    long needed = (fileSize + MAX_PARTS - 1) / MAX_PARTS;
    long partSize = Math.max(config.partSize(), needed);
    if (partSize > S3StoreConfig.MAX_PART_SIZE) {
      throw new StoreException(
          describe() + ": a file of " + fileSize + " bytes exceeds the largest S3 object");
    }
    return partSize;
  }

  private Upload putSingle(String objectKey, byte[] buffer, int n, String contentType) {
    MessageDigest sha256 = Hashing.sha256();
    sha256.update(buffer, 0, n);
    String hex = Hashing.hex(sha256.digest());
    client.putObject(
        r ->
            r.bucket(config.bucket())
                .key(objectKey)
                .contentType(contentType)
                .contentLength((long) n)
                .contentMD5(md5Base64(buffer, n))
                .metadata(Map.of(SHA256_METADATA, hex)),
        body(buffer, n, contentType));
    return new Upload(n, hex);
  }

  private Upload putMultipart(
      String objectKey, Path file, InputStream in, byte[] buffer, int firstPart, String contentType)
      throws IOException {
    String announced = Hashing.sha256Hex(file);
    String uploadId =
        client
            .createMultipartUpload(
                r ->
                    r.bucket(config.bucket())
                        .key(objectKey)
                        .contentType(contentType)
                        .metadata(Map.of(SHA256_METADATA, announced)))
            .uploadId();
    boolean completed = false;
    try {
      MessageDigest sha256 = Hashing.sha256();
      List<CompletedPart> parts = new ArrayList<>();
      long size = 0;
      for (int n = firstPart; n > 0; n = StoreDigests.fill(in, buffer, 0)) {
        sha256.update(buffer, 0, n);
        size += n;
        int partNumber = parts.size() + 1;
        int length = n;
        String etag =
            client
                .uploadPart(
                    r ->
                        r.bucket(config.bucket())
                            .key(objectKey)
                            .uploadId(uploadId)
                            .partNumber(partNumber)
                            .contentLength((long) length)
                            .contentMD5(md5Base64(buffer, length)),
                    body(buffer, length, contentType))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
      }
      String sent = Hashing.hex(sha256.digest());
      if (!sent.equals(announced)) {
        throw new StoreException(
            describe() + ": " + file + " changed while it was uploaded to " + objectKey);
      }
      client.completeMultipartUpload(
          r ->
              r.bucket(config.bucket())
                  .key(objectKey)
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(parts)));
      completed = true;
      return new Upload(size, sent);
    } finally {
      if (!completed) {
        abort(objectKey, uploadId);
      }
    }
  }

  private void abort(String objectKey, String uploadId) {
    try {
      client.abortMultipartUpload(r -> r.bucket(config.bucket()).key(objectKey).uploadId(uploadId));
    } catch (SdkException e) {
      // best effort: an incomplete upload is never visible under the key, and bucket lifecycle
      // rules (AbortIncompleteMultipartUpload) reclaim its parts
    }
  }

  private void verify(String key, String objectKey, Upload upload) {
    HeadObjectResponse head = client.headObject(r -> r.bucket(config.bucket()).key(objectKey));
    String storedSha = head.metadata().get(SHA256_METADATA);
    if (head.contentLength() != upload.size() || !upload.sha256().equals(storedSha)) {
      try {
        client.deleteObject(r -> r.bucket(config.bucket()).key(objectKey));
      } catch (SdkException e) {
        // reported below either way
      }
      throw StoreException.notAsSent(
          describe(),
          key,
          head.contentLength(),
          storedSha,
          upload.size(),
          upload.sha256(),
          "the object");
    }
  }

  private void ensureBucket() {
    if (bucketReady.get()) {
      return;
    }
    try {
      client.headBucket(r -> r.bucket(config.bucket()));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw S3Failures.of(describe(), "reach bucket " + config.bucket(), e, config.maxAttempts());
      }
      createBucket();
    } catch (SdkException e) {
      throw S3Failures.of(describe(), "reach bucket " + config.bucket(), e, config.maxAttempts());
    }
    bucketReady.set(true);
  }

  private void createBucket() {
    try {
      client.createBucket(
          r -> {
            r.bucket(config.bucket());
            if (!"us-east-1".equals(config.region())) {
              r.createBucketConfiguration(
                  CreateBucketConfiguration.builder().locationConstraint(config.region()).build());
            }
          });
    } catch (S3Exception e) {
      if (e.statusCode() == 409) {
        return; // created meanwhile by someone else (BucketAlreadyOwnedByYou)
      }
      throw new StoreException(
          describe()
              + ": bucket "
              + config.bucket()
              + " does not exist and could not be created ("
              + S3Failures.reason(e, config.maxAttempts())
              + "); create it, or grant s3:CreateBucket",
          e);
    }
  }

  private static RequestBody body(byte[] buffer, int length, String contentType) {
    return RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(buffer, 0, length), length, contentType);
  }

  private static String md5Base64(byte[] buffer, int length) {
    MessageDigest md5 = StoreDigests.md5();
    md5.update(buffer, 0, length);
    return Base64.getEncoder().encodeToString(md5.digest());
  }

  static S3Client buildClient(S3StoreConfig config) {
    var builder =
        S3Client.builder()
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofMinutes(2))
                    .build())
            .region(Region.of(config.region()))
            .credentialsProvider(credentials(config))
            .forcePathStyle(config.pathStyle())
            // Over plain HTTP the SDK would sign uploads as aws-chunked streams. Some S3-compatible
            // servers (S3Proxy) answer such a request once the declared content is read and close
            // the connection before the final chunk is sent, so the upload fails on the client
            // with "Error writing request body to server" (measured: one upload in five). Signing
            // the whole payload instead sends a plain body that every server reads to the end;
            // the body is an in-memory part, so hashing it first costs one pass over memory.
            .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
            // Content-MD5 is sent explicitly; the newer trailing checksums are not supported by
            // every S3-compatible store.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(
                o ->
                    o.retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(config.maxAttempts())
                            .build()));
    if (config.endpoint() != null) {
      builder.endpointOverride(config.endpoint());
    }
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(S3StoreConfig config) {
    S3Credentials credentials = config.credentials();
    if (credentials == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey()));
  }

  private record Upload(long size, String sha256) {}
}
