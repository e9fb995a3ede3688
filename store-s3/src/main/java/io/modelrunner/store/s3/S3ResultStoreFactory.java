package io.modelrunner.store.s3;

import java.net.URI;
import java.util.Map;

/**
 * Builds {@link S3ResultStore}s from {@code s3://bucket/prefix} URIs and options; see {@link
 * S3StoreConfig#fromUri(URI, Map)} for the option names.
 */
public final class S3ResultStoreFactory {

  /** The URI scheme this factory handles: {@code s3}. */
  public String scheme() {
    return "s3";
  }

  /** Whether {@code uri} is an {@code s3:} URI. */
  public boolean supports(URI uri) {
    return uri != null && scheme().equalsIgnoreCase(uri.getScheme());
  }

  /**
   * A store for {@code uri} with {@code options}. Nothing is contacted yet: the bucket is checked
   * (and created) on the first write.
   *
   * @throws IllegalArgumentException for a bad URI, an unknown option or a bad value
   */
  public S3ResultStore fromUri(URI uri, Map<String, String> options) {
    return new S3ResultStore(S3StoreConfig.fromUri(uri, options));
  }
}
