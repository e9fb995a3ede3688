/**
 * A {@code ResultStore} on S3-compatible object stores (AWS S3, MinIO), with the AWS SDK v2 and the
 * JDK's URLConnection client. Registered as the {@code ResultStoreProvider} of scheme {@code s3}.
 */
@SuppressWarnings({
  "module", // the name ends in "s3", as the artifact does
  "requires-automatic", // the AWS SDK has only Automatic-Module-Names
  "requires-transitive-automatic"
})
module io.modelrunner.store.s3 {
  requires transitive io.modelrunner.core;
  requires transitive org.apiguardian.api;
  requires transitive software.amazon.awssdk.services.s3;
  requires software.amazon.awssdk.auth;
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.http.urlconnection;
  requires software.amazon.awssdk.regions;
  requires software.amazon.awssdk.retries;
  requires software.amazon.awssdk.retries.api;

  exports io.modelrunner.store.s3;

  provides io.modelrunner.core.store.spi.ResultStoreProvider with
      io.modelrunner.store.s3.S3StoreProvider;
}
