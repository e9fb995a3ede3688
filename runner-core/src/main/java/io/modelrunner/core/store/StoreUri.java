package io.modelrunner.core.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * An object store's URI, {@code <scheme>://<container>[/<prefix>]}: {@code s3://bucket/prefix} or
 * {@code azure://container/prefix}. The container's name rules are the store's own; the prefix is a
 * {@linkplain StoreKeys#requireValid(String) valid key} or empty, and goes in front of every key.
 *
 * @param scheme the scheme, in lower case
 * @param container the bucket or container
 * @param prefix the key prefix without leading or trailing {@code /}, or empty
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record StoreUri(String scheme, String container, String prefix) {

  public StoreUri {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(prefix, "prefix");
    if (!prefix.isEmpty()) {
      StoreKeys.requireValid(prefix);
    }
  }

  /**
   * Reads {@code uri} as {@code <scheme>://<container>[/<prefix>]}; slashes around the prefix are
   * dropped.
   *
   * @param scheme the scheme {@code uri} must have (in any case)
   * @param containerWord what the store calls a container in messages: {@code bucket}, {@code
   *     container}
   * @throws IllegalArgumentException for another scheme, a user, query or fragment, no container or
   *     an invalid prefix; the message shows no user information or query
   */
  public static StoreUri parse(URI uri, String scheme, String containerWord) {
    Objects.requireNonNull(uri, "uri");
    String form = scheme + "://" + containerWord + "/prefix";
    if (!scheme.equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("not an " + scheme + ": URI: " + redacted(uri));
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getUserInfo() != null) {
      throw new IllegalArgumentException(
          "an "
              + scheme
              + ": URI is "
              + form
              + ", without user, query or fragment: "
              + redacted(uri));
    }
    String container = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
    if (container == null || container.isEmpty()) {
      throw new IllegalArgumentException(
          "an " + scheme + ": URI names a " + containerWord + ": " + form + ": " + uri);
    }
    return new StoreUri(
        scheme.toLowerCase(Locale.ROOT),
        container,
        trimSlashes(uri.getPath() == null ? "" : uri.getPath()));
  }

  /** The store's name for {@code key}: {@code prefix/key}, or {@code key} without prefix. */
  public String key(String key) {
    StoreKeys.requireValid(key);
    return prefix.isEmpty() ? key : prefix + "/" + key;
  }

  /** {@code <scheme>://<container>[/<prefix>]}. */
  @Override
  public String toString() {
    return scheme + "://" + container + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  /** {@code uri} without user information, query or fragment, for a message. */
  private static String redacted(URI uri) {
    String authority = uri.getRawAuthority();
    if (authority != null && authority.contains("@")) {
      authority = authority.substring(authority.lastIndexOf('@') + 1);
    }
    return uri.getScheme()
        + ":"
        + (authority == null ? "" : "//" + authority)
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
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
