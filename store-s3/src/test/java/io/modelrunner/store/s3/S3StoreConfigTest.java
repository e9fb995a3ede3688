package io.modelrunner.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.core.store.ResultStore;
import io.modelrunner.core.store.spi.ResultStores;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3StoreConfigTest {

  @Test
  void aBareUriUsesAwsDefaults() {
    S3StoreConfig config = S3StoreConfig.fromUri(URI.create("s3://results"), Map.of());

    assertThat(config.bucket()).isEqualTo("results");
    assertThat(config.prefix()).isEmpty();
    assertThat(config.endpoint()).isNull();
    assertThat(config.region()).isEqualTo("us-east-1");
    assertThat(config.credentials()).as("SDK default chain").isNull();
    assertThat(config.pathStyle()).isFalse();
    assertThat(config.partSize()).isEqualTo(S3StoreConfig.DEFAULT_PART_SIZE);
    assertThat(config.maxAttempts()).isEqualTo(S3StoreConfig.DEFAULT_MAX_ATTEMPTS);
    assertThat(config.locationStyle()).isEqualTo(S3StoreConfig.LocationStyle.S3);
  }

  @Test
  void optionsConfigureAMinioStyleEndpoint() {
    S3StoreConfig config =
        S3StoreConfig.fromUri(
            URI.create("s3://results/model-runner/prod/"),
            Map.of(
                "endpoint", "http://minio:9000",
                "region", "eu-west-1",
                "access-key", "AK",
                "secret-key", "SK",
                "part-size", "64MiB",
                "max-attempts", "3",
                "location", "url"));

    assertThat(config.prefix()).isEqualTo("model-runner/prod");
    assertThat(config.endpoint()).isEqualTo(URI.create("http://minio:9000"));
    assertThat(config.pathStyle()).as("default with an endpoint").isTrue();
    assertThat(config.credentials()).isEqualTo(new S3Credentials("AK", "SK"));
    assertThat(config.partSize()).isEqualTo(64L * 1024 * 1024);
    assertThat(config.maxAttempts()).isEqualTo(3);
    assertThat(config.locationStyle()).isEqualTo(S3StoreConfig.LocationStyle.URL);
    assertThat(config.objectKey("simulation-runs/h/public/data.json"))
        .isEqualTo("model-runner/prod/simulation-runs/h/public/data.json");
  }

  @Test
  void theSecretNeverAppearsInToString() {
    S3StoreConfig config =
        S3StoreConfig.fromUri(
            URI.create("s3://results"), Map.of("access-key", "AKID", "secret-key", "s3cr3t"));

    assertThat(config.toString()).contains("AKID").doesNotContain("s3cr3t");
    assertThat(config.credentials().toString()).doesNotContain("s3cr3t");
  }

  @Test
  void badUrisAndOptionsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> S3StoreConfig.fromUri(URI.create("azure://c"), Map.of()))
        .hasMessageContaining("not an s3: URI");
    assertThatThrownBy(() -> S3StoreConfig.fromUri(URI.create("s3://Bad_Bucket"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> S3StoreConfig.fromUri(URI.create("s3://b/p/../x"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> S3StoreConfig.fromUri(URI.create("s3://bucket"), Map.of("colour", "red")))
        .hasMessageContaining("unknown S3 store option 'colour'");
    assertThatThrownBy(
            () -> S3StoreConfig.fromUri(URI.create("s3://bucket"), Map.of("access-key", "a")))
        .hasMessageContaining("go together");
    assertThatThrownBy(
            () -> S3StoreConfig.fromUri(URI.create("s3://bucket"), Map.of("part-size", "1MiB")))
        .hasMessageContaining("between 5 MiB and 1 GiB");
    assertThatThrownBy(
            () -> S3StoreConfig.fromUri(URI.create("s3://bucket"), Map.of("endpoint", "ftp://x")))
        .hasMessageContaining("http(s)");
    assertThatThrownBy(
            () -> S3StoreConfig.fromUri(URI.create("s3://bucket"), Map.of("path-style", "yes")))
        .hasMessageContaining("true or false");
  }

  @Test
  void invalidKeysAreRejectedBeforeAnyRequest() {
    try (S3ResultStore store =
        new S3StoreProvider()
            .open(
                URI.create("s3://bucket/p"),
                Map.of("endpoint", "http://127.0.0.1:9", "access-key", "a", "secret-key", "b"),
                Map.of())) {
      for (String key : new String[] {"", "/abs", "a/../b", "a//b", "a\\b", "trailing/"}) {
        assertThatThrownBy(() -> store.stat(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.location(key)).isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Test
  void theProviderIsFoundByItsSchemeOnTheClasspath() {
    ResultStores stores = ResultStores.installed();

    assertThat(new S3StoreProvider().scheme()).isEqualTo("s3");
    assertThat(stores.schemes()).contains("s3", "file");
    try (ResultStore store =
        stores.open(
            "S3://bucket/p",
            Map.of("endpoint", "http://127.0.0.1:9", "access-key", "a", "secret-key", "b"),
            Map.of())) {
      assertThat(store).isInstanceOf(S3ResultStore.class);
      assertThat(store.location("k")).isEqualTo("s3://bucket/p/k");
    }
  }

  @Test
  void partSizesTakeTheSharedSizeSyntax() {
    for (String size : new String[] {"64MiB", "64 mib", "64MIB", "67108864"}) {
      assertThat(
              S3StoreConfig.fromUri(URI.create("s3://bucket"), Map.of("part-size", size))
                  .partSize())
          .as(size)
          .isEqualTo(64L * 1024 * 1024);
    }
  }
}
