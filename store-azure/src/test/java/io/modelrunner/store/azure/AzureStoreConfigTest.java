package io.modelrunner.store.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.core.store.spi.ResultStores;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureStoreConfigTest {
  private static final String KEY = "c2VjcmV0LWtleS1zZWNyZXQta2V5";

  @Test
  void accountKeyAndEndpointAreReadFromOptions() {
    AzureStoreConfig config =
        AzureStoreConfig.fromUri(
            URI.create("azure://results/model-runner/prod/"),
            Map.of(
                "account", "acc",
                "account-key", KEY,
                "endpoint", "http://127.0.0.1:10000/acc",
                "block-size", "8MiB",
                "max-attempts", "3"));

    assertThat(config.container()).isEqualTo("results");
    assertThat(config.prefix()).isEqualTo("model-runner/prod");
    assertThat(config.accountName()).isEqualTo("acc");
    assertThat(config.endpoint()).isEqualTo(URI.create("http://127.0.0.1:10000/acc"));
    assertThat(config.blockSize()).isEqualTo(8L * 1024 * 1024);
    assertThat(config.maxAttempts()).isEqualTo(3);
    assertThat(config.blobName("simulation-runs/h/public/data.json"))
        .isEqualTo("model-runner/prod/simulation-runs/h/public/data.json");
  }

  @Test
  void secretsNeverAppearInToString() {
    AzureStoreConfig withKey =
        AzureStoreConfig.fromUri(
            URI.create("azure://results"), Map.of("account", "acc", "account-key", KEY));
    AzureStoreConfig withConnectionString =
        AzureStoreConfig.fromUri(
            URI.create("azure://results"),
            Map.of("connection-string", "AccountName=acc;AccountKey=" + KEY));

    assertThat(withKey.toString()).contains("acc").doesNotContain(KEY);
    assertThat(withConnectionString.toString()).doesNotContain(KEY);
  }

  @Test
  void theProviderFallsBackToTheEnvironmentsCredentials() {
    AzureStoreProvider provider = new AzureStoreProvider();
    Map<String, String> connectionString =
        Map.of(
            "AZURE_STORAGE_CONNECTION_STRING",
            "DefaultEndpointsProtocol=http;AccountName=acc;AccountKey="
                + KEY
                + ";BlobEndpoint=http://127.0.0.1:10000/acc;");
    Map<String, String> accountKey =
        Map.of("AZURE_STORAGE_ACCOUNT", "acc", "AZURE_STORAGE_KEY", KEY);

    assertThat(provider.open(URI.create("azure://con1/p"), Map.of(), connectionString).describe())
        .isEqualTo("Azure Blob store azure://con1/p (http://127.0.0.1:10000/acc)");
    assertThat(provider.open(URI.create("azure://con1"), Map.of(), accountKey).describe())
        .isEqualTo("Azure Blob store azure://con1 (https://acc.blob.core.windows.net)");
    assertThatThrownBy(() -> provider.open(URI.create("azure://con1"), Map.of(), Map.of()))
        .hasMessageContaining("needs either a connection string or an account name and key");
  }

  @Test
  void theProviderIsFoundByItsSchemeOnTheClasspath() {
    ResultStores stores = ResultStores.installed();

    assertThat(stores.schemes()).contains("azure", "file");
    assertThat(
            stores.open(
                "azure://results/p",
                Map.of("account", "acc", "account-key", KEY, "endpoint", "http://127.0.0.1:9/acc"),
                Map.of()))
        .isInstanceOf(AzureResultStore.class);
  }

  @Test
  void blockSizesTakeTheSharedSizeSyntax() {
    Map<String, String> creds = Map.of("account", "acc", "account-key", KEY);
    for (String size : new String[] {"8MiB", "8 mib", "8MIB", "8388608"}) {
      Map<String, String> options = new HashMap<>(creds);
      options.put("block-size", size);
      assertThat(AzureStoreConfig.fromUri(URI.create("azure://results"), options).blockSize())
          .as(size)
          .isEqualTo(8L * 1024 * 1024);
    }
  }

  @Test
  void badUrisAndOptionsAreRejectedWithTheReason() {
    Map<String, String> creds = Map.of("account", "acc", "account-key", KEY);
    assertThatThrownBy(() -> AzureStoreConfig.fromUri(URI.create("s3://c"), creds))
        .hasMessageContaining("not an azure: URI");
    assertThatThrownBy(() -> AzureStoreConfig.fromUri(URI.create("azure://Bad_Container"), creds))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AzureStoreConfig.fromUri(URI.create("azure://con1/a/../b"), creds))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> AzureStoreConfig.fromUri(URI.create("azure://results"), Map.of("sas", "x")))
        .hasMessageContaining("unknown Azure store option 'sas'");
    assertThatThrownBy(
            () ->
                AzureStoreConfig.fromUri(
                    URI.create("azure://results"),
                    Map.of("connection-string", "x", "account-key", KEY)))
        .hasMessageContaining("exclude each other")
        .hasMessageNotContaining(KEY);
    assertThatThrownBy(
            () ->
                AzureStoreConfig.fromUri(
                    URI.create("azure://results"),
                    Map.of("account", "acc", "account-key", KEY, "block-size", "100KiB")))
        .hasMessageContaining("between 1 MiB and 1 GiB");
  }

  @Test
  void invalidKeysAreRejectedBeforeAnyRequest() {
    AzureResultStore store =
        new AzureStoreProvider()
            .open(
                URI.create("azure://results/p"),
                Map.of("account", "acc", "account-key", KEY, "endpoint", "http://127.0.0.1:9/acc"),
                Map.of());
    for (String key : new String[] {"", "/abs", "a/../b", "a//b", "a\\b", "trailing/"}) {
      assertThatThrownBy(() -> store.stat(key)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.location(key)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void locationsKeepSlashesAndEncodeEachSegment() {
    AzureResultStore store =
        new AzureStoreProvider()
            .open(
                URI.create("azure://results/p"),
                Map.of("account", "acc", "account-key", KEY, "endpoint", "http://127.0.0.1:9/acc"),
                Map.of());

    assertThat(store.location("simulation-runs/h/public/my data.json"))
        .isEqualTo("http://127.0.0.1:9/acc/results/p/simulation-runs/h/public/my%20data.json");
  }
}
