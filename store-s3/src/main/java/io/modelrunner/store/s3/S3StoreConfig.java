package io.modelrunner.store.s3;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.core.store.StoreKeys;
import io.modelrunner.core.store.StoreOptions;
import io.modelrunner.core.store.StoreUri;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Where and how an {@link S3ResultStore} stores objects.
 *
 * @param bucket the bucket (created on first write when missing)
 * @param prefix a key prefix without leading or trailing {@code /}, or empty
 * @param endpoint the service endpoint, e.g. {@code http://127.0.0.1:9000} for MinIO; null for AWS
 * @param region the signing region, e.g. {@code us-east-1}
 * @param credentials a static key pair; null to use the AWS SDK default chain (environment, system
 *     properties, profile, container or instance role)
 * @param pathStyle path-style requests ({@code endpoint/bucket/key}), as MinIO usually needs
 * @param partSize the multipart part size in bytes, 5 MiB to 1 GiB; files larger than one part are
 *     uploaded in parts, and the part size grows when a file would need more than 10,000 parts
 * @param maxAttempts attempts per request, including the first (bounded retries), 1 to 10
 * @param locationStyle how {@link S3ResultStore#location(String)} reports an object
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record S3StoreConfig(
    String bucket,
    String prefix,
    URI endpoint,
    String region,
    S3Credentials credentials,
    boolean pathStyle,
    long partSize,
    int maxAttempts,
    LocationStyle locationStyle) {

  /** The smallest part S3 accepts (except for the last part). */
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

  /** The largest part this store buffers. */
  public static final long MAX_PART_SIZE = 1024L * 1024 * 1024;

  /** The default part size: 16 MiB. */
  public static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;

  /** The default number of attempts per request. */
  public static final int DEFAULT_MAX_ATTEMPTS = 4;

  /** The option names {@link #fromUri(URI, Map)} accepts. */
  public static final Set<String> OPTIONS =
      Set.of(
          "endpoint",
          "region",
          "access-key",
          "secret-key",
          "path-style",
          "part-size",
          "max-attempts",
          "location");

  /** How locations are reported in callbacks. */
  public enum LocationStyle {
    /** {@code s3://bucket/prefix/key}. */
    S3,
    /** The object's HTTP(S) URL at the endpoint, path-style or virtual-hosted as configured. */
    URL
  }

  public S3StoreConfig {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(locationStyle, "locationStyle");
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException(
          "invalid S3 bucket name '" + bucket + "': 3-63 of a-z, 0-9, '.', '-'");
    }
    if (!prefix.isEmpty()) {
      StoreKeys.requireValid(prefix);
    }
    StoreOptions.requireHttpUrl("S3 endpoint", endpoint);
    if (region.isBlank()) {
      throw new IllegalArgumentException("S3 region must not be empty");
    }
    StoreOptions.requireBetween(
        "S3 part size", partSize, MIN_PART_SIZE, MAX_PART_SIZE, "5 MiB and 1 GiB (bytes)");
    StoreOptions.requireBetween("S3 max attempts", maxAttempts, 1, 10, "1 and 10");
  }

  /**
   * Reads {@code s3://bucket[/prefix]} and options: {@code endpoint} (http(s) URL), {@code region}
   * (default {@code us-east-1}), {@code access-key} and {@code secret-key} (both or neither;
   * neither = SDK default chain), {@code path-style} ({@code true}/{@code false}, default {@code
   * true} when an endpoint is given, else {@code false}), {@code part-size} (a {@link StoreOptions}
   * size; default 16 MiB), {@code max-attempts} (default 4), {@code location} ({@code s3} or {@code
   * url}, default {@code s3}).
   *
   * @throws IllegalArgumentException for a URI that is not {@code s3:}, an unknown option or a bad
   *     value; the message never contains the secret key
   */
  public static S3StoreConfig fromUri(URI uri, Map<String, String> options) {
    StoreUri location = StoreUri.parse(uri, "s3", "bucket");
    StoreOptions values = new StoreOptions("S3", options, OPTIONS);
    URI endpoint = values.endpoint("endpoint");
    String accessKey = values.text("access-key", null);
    String secretKey = values.text("secret-key", null);
    if ((accessKey == null) != (secretKey == null)) {
      throw new IllegalArgumentException(
          "S3 store options access-key and secret-key go together (give both or neither)");
    }
    return new S3StoreConfig(
        location.container(),
        location.prefix(),
        endpoint,
        values.text("region", "us-east-1"),
        accessKey == null ? null : new S3Credentials(accessKey, secretKey),
        values.bool("path-style", endpoint != null),
        values.size("part-size", DEFAULT_PART_SIZE),
        values.integer("max-attempts", DEFAULT_MAX_ATTEMPTS),
        parseLocation(values.text("location", "s3")));
  }

  /** This configuration's bucket and prefix as a URI. */
  public StoreUri storeUri() {
    return new StoreUri("s3", bucket, prefix);
  }

  /** {@code s3://bucket/prefix}, the URI this configuration was read from. */
  public String uri() {
    return storeUri().toString();
  }

  /** The full object key of a store key: {@code prefix/key}, or {@code key} without prefix. */
  public String objectKey(String key) {
    return storeUri().key(key);
  }

  /** This configuration without the secret key. */
  @Override
  public String toString() {
    return "S3StoreConfig[uri="
        + uri()
        + ", endpoint="
        + (endpoint == null ? "AWS" : endpoint)
        + ", region="
        + region
        + ", credentials="
        + (credentials == null ? "default chain" : credentials)
        + ", pathStyle="
        + pathStyle
        + ", partSize="
        + partSize
        + ", maxAttempts="
        + maxAttempts
        + ", locationStyle="
        + locationStyle
        + "]";
  }

  private static LocationStyle parseLocation(String value) {
    try {
      return LocationStyle.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("S3 store option location is s3 or url: " + value, e);
    }
  }
}
