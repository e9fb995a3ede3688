/**
 * A {@code ResultStore} on Azure Blob Storage (block blobs), with azure-storage-blob and the JDK's
 * HttpClient. Registered as the {@code ResultStoreProvider} of scheme {@code azure}.
 */
module io.modelrunner.store.azure {
  requires transitive io.modelrunner.core;
  requires transitive org.apiguardian.api;
  requires transitive com.azure.storage.blob;
  requires com.azure.core;
  requires com.azure.core.http.jdk.httpclient;
  requires com.azure.storage.common;

  exports io.modelrunner.store.azure;

  provides io.modelrunner.core.store.spi.ResultStoreProvider with
      io.modelrunner.store.azure.AzureStoreProvider;
}
