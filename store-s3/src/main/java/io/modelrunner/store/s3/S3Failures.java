package io.modelrunner.store.s3;

import io.modelrunner.core.internal.Throwables;
import io.modelrunner.core.store.StoreException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns SDK failures into {@link StoreException}s that name the store and never a secret. */
final class S3Failures {
  private S3Failures() {}

  static StoreException of(String store, String action, SdkException e, int maxAttempts) {
    return new StoreException(store + ": cannot " + action + ": " + reason(e, maxAttempts), e);
  }

  static String reason(SdkException e, int maxAttempts) {
    if (e instanceof S3Exception s3) {
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      String detail = "HTTP " + s3.statusCode() + (code == null ? "" : " " + code);
      if (s3.statusCode() == 403
          || "InvalidAccessKeyId".equals(code)
          || "SignatureDoesNotMatch".equals(code)) {
        return "the store refused the credentials or denied access ("
            + detail
            + "); check the access key and secret key and the bucket policy";
      }
      if ("NoSuchBucket".equals(code)) {
        return "the bucket does not exist (" + detail + ")";
      }
      String message = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorMessage();
      return detail + (message == null ? "" : ": " + message);
    }
    if (e instanceof SdkClientException) {
      return "the store is unreachable or did not answer after at most "
          + maxAttempts
          + " attempts: "
          + messageWithRootCause(e);
    }
    return messageWithRootCause(e);
  }

  private static String messageWithRootCause(Throwable e) {
    Throwable root = Throwables.rootCause(e);
    String message = root.getMessage();
    return root == e
        ? String.valueOf(message)
        : e.getMessage() + " (" + root.getClass().getSimpleName() + ": " + message + ")";
  }
}
