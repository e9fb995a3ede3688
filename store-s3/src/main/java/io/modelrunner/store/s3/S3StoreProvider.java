package io.modelrunner.store.s3;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.modelrunner.core.store.spi.ResultStoreProvider;
import java.net.URI;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Opens {@link S3ResultStore}s from {@code s3://bucket/prefix} URIs; see {@link
 * S3StoreConfig#fromUri(URI, Map)} for the options. Without {@code access-key} and {@code
 * secret-key} the AWS SDK's default chain finds the credentials (it reads the process environment
 * itself, not the {@code environment} given here).
 */
@API(status = INTERNAL, since = "0.1.0")
public final class S3StoreProvider implements ResultStoreProvider {
  /** Made by {@link java.util.ServiceLoader}. */
  public S3StoreProvider() {}

  /** {@code s3}. */
  @Override
  public String scheme() {
    return "s3";
  }

  /**
   * A store for {@code uri} with {@code options}. Nothing is contacted yet: the bucket is checked
   * (and created) on the first write.
   *
   * @throws IllegalArgumentException for a bad URI, an unknown option or a bad value
   */
  @Override
  public S3ResultStore open(URI uri, Map<String, String> options, Map<String, String> environment) {
    return new S3ResultStore(S3StoreConfig.fromUri(uri, options));
  }
}
