package io.modelrunner.store.s3;

import io.modelrunner.core.store.StoreKeys;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
    if (endpoint != null
        && (endpoint.getHost() == null
            || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())))) {
      throw new IllegalArgumentException("S3 endpoint must be an http(s) URL: " + endpoint);
    }
    if (region.isBlank()) {
      throw new IllegalArgumentException("S3 region must not be empty");
    }
    if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
      throw new IllegalArgumentException(
          "S3 part size must be between 5 MiB and 1 GiB (bytes): " + partSize);
    }
    if (maxAttempts < 1 || maxAttempts > 10) {
      throw new IllegalArgumentException(
          "S3 max attempts must be between 1 and 10: " + maxAttempts);
    }
  }

  /**
   * Reads {@code s3://bucket[/prefix]} and options: {@code endpoint} (http(s) URL), {@code region}
   * (default {@code us-east-1}), {@code access-key} and {@code secret-key} (both or neither;
   * neither = SDK default chain), {@code path-style} ({@code true}/{@code false}, default {@code
   * true} when an endpoint is given, else {@code false}), {@code part-size} (bytes, or with a
   * {@code KiB}/{@code MiB}/{@code GiB} suffix; default 16 MiB), {@code max-attempts} (default 4),
   * {@code location} ({@code s3} or {@code url}, default {@code s3}).
   *
   * @throws IllegalArgumentException for a URI that is not {@code s3:}, an unknown option or a bad
   *     value; the message never contains the secret key
   */
  public static S3StoreConfig fromUri(URI uri, Map<String, String> options) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    if (!"s3".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("not an s3: URI: " + uri);
    }
    for (String name : options.keySet()) {
      if (!OPTIONS.contains(name)) {
        throw new IllegalArgumentException(
            "unknown S3 store option '" + name + "'; known: " + sorted(OPTIONS));
      }
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getUserInfo() != null) {
      throw new IllegalArgumentException(
          "an s3: URI is s3://bucket/prefix, without user, query or fragment: " + redact(uri));
    }
    String bucket = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
    if (bucket == null || bucket.isEmpty()) {
      throw new IllegalArgumentException("an s3: URI names a bucket: s3://bucket/prefix: " + uri);
    }
    String prefix = trimSlashes(uri.getPath() == null ? "" : uri.getPath());
    URI endpoint = options.containsKey("endpoint") ? parseEndpoint(options.get("endpoint")) : null;
    String accessKey = options.get("access-key");
    String secretKey = options.get("secret-key");
    if ((accessKey == null) != (secretKey == null)) {
      throw new IllegalArgumentException(
          "S3 store options access-key and secret-key go together (give both or neither)");
    }
    S3Credentials credentials = accessKey == null ? null : new S3Credentials(accessKey, secretKey);
    boolean pathStyle = parseBoolean("path-style", options.get("path-style"), endpoint != null);
    long partSize =
        options.containsKey("part-size") ? parseSize(options.get("part-size")) : DEFAULT_PART_SIZE;
    int maxAttempts =
        options.containsKey("max-attempts")
            ? parseInt("max-attempts", options.get("max-attempts"))
            : DEFAULT_MAX_ATTEMPTS;
    LocationStyle location = parseLocation(options.getOrDefault("location", "s3"));
    return new S3StoreConfig(
        bucket,
        prefix,
        endpoint,
        options.getOrDefault("region", "us-east-1"),
        credentials,
        pathStyle,
        partSize,
        maxAttempts,
        location);
  }

  /** {@code s3://bucket/prefix}, the URI this configuration was read from. */
  public String uri() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  /** The full object key of a store key: {@code prefix/key}, or {@code key} without prefix. */
  public String objectKey(String key) {
    StoreKeys.requireValid(key);
    return prefix.isEmpty() ? key : prefix + "/" + key;
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

  private static URI parseEndpoint(String value) {
    try {
      URI endpoint = new URI(value);
      if (endpoint.getRawUserInfo() != null) {
        throw new IllegalArgumentException("S3 endpoint must not carry credentials");
      }
      return endpoint;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("S3 endpoint is not a URL: " + value, e);
    }
  }

  private static LocationStyle parseLocation(String value) {
    try {
      return LocationStyle.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("S3 store option location is s3 or url: " + value, e);
    }
  }

  static boolean parseBoolean(String name, String value, boolean fallback) {
    if (value == null) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              "S3 store option " + name + " is true or false: " + value);
    };
  }

  static int parseInt(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("S3 store option " + name + " is a number: " + value, e);
    }
  }

  /** Bytes, or a number with a KiB, MiB or GiB suffix. */
  static long parseSize(String value) {
    String v = value.trim();
    long unit = 1;
    for (var suffix : Map.of("KiB", 1L << 10, "MiB", 1L << 20, "GiB", 1L << 30).entrySet()) {
      if (v.endsWith(suffix.getKey())) {
        unit = suffix.getValue();
        v = v.substring(0, v.length() - suffix.getKey().length()).trim();
      }
    }
    try {
      return Math.multiplyExact(Long.parseLong(v), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "S3 store option part-size is bytes or a number with KiB, MiB or GiB: " + value, e);
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

  private static String redact(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPath() == null ? "" : uri.getPath());
  }

  private static String sorted(Set<String> names) {
    return String.join(", ", names.stream().sorted().toList());
  }
}
