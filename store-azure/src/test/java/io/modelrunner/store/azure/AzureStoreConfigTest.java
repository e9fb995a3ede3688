package io.modelrunner.store.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
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
  void theFactoryFallsBackToTheEnvironmentsCredentials() {
    AzureResultStoreFactory fromConnectionString =
        new AzureResultStoreFactory(
            Map.of(
                "AZURE_STORAGE_CONNECTION_STRING",
                "DefaultEndpointsProtocol=http;AccountName=acc;AccountKey="
                    + KEY
                    + ";BlobEndpoint=http://127.0.0.1:10000/acc;"));
    AzureResultStoreFactory fromAccountKey =
        new AzureResultStoreFactory(
            Map.of("AZURE_STORAGE_ACCOUNT", "acc", "AZURE_STORAGE_KEY", KEY));

    assertThat(fromConnectionString.fromUri(URI.create("azure://con1/p"), Map.of()).describe())
        .isEqualTo("Azure Blob store azure://con1/p (http://127.0.0.1:10000/acc)");
    assertThat(fromAccountKey.fromUri(URI.create("azure://con1"), Map.of()).describe())
        .isEqualTo("Azure Blob store azure://con1 (https://acc.blob.core.windows.net)");
    assertThatThrownBy(
            () ->
                new AzureResultStoreFactory(Map.of()).fromUri(URI.create("azure://con1"), Map.of()))
        .hasMessageContaining("needs either a connection string or an account name and key");
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
        new AzureResultStoreFactory(Map.of())
            .fromUri(
                URI.create("azure://results/p"),
                Map.of("account", "acc", "account-key", KEY, "endpoint", "http://127.0.0.1:9/acc"));
    for (String key : new String[] {"", "/abs", "a/../b", "a//b", "a\\b", "trailing/"}) {
      assertThatThrownBy(() -> store.stat(key)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.location(key)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void locationsKeepSlashesAndEncodeEachSegment() {
    AzureResultStore store =
        new AzureResultStoreFactory(Map.of())
            .fromUri(
                URI.create("azure://results/p"),
                Map.of("account", "acc", "account-key", KEY, "endpoint", "http://127.0.0.1:9/acc"));

    assertThat(store.location("simulation-runs/h/public/my data.json"))
        .isEqualTo("http://127.0.0.1:9/acc/results/p/simulation-runs/h/public/my%20data.json");
  }
}
