package io.modelrunner.store.s3;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A static access key pair. {@link #toString()} never shows the secret.
 *
 * @param accessKeyId the access key id (not secret; shown in descriptions)
 * @param secretAccessKey the secret access key
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record S3Credentials(String accessKeyId, String secretAccessKey) {
  public S3Credentials {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
      throw new IllegalArgumentException("S3 access key and secret key must both be non-empty");
    }
  }

  @Override
  public String toString() {
    return "S3Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***]";
  }
}
