package io.modelrunner.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class StoreUriTest {

  @Test
  void aUriGivesTheContainerAndThePrefixWithoutSurroundingSlashes() {
    StoreUri uri = StoreUri.parse(URI.create("S3://results//model-runner/prod/"), "s3", "bucket");

    assertThat(uri).isEqualTo(new StoreUri("s3", "results", "model-runner/prod"));
    assertThat(uri.toString()).isEqualTo("s3://results/model-runner/prod");
    assertThat(uri.key("simulation-runs/h/public/data.json"))
        .isEqualTo("model-runner/prod/simulation-runs/h/public/data.json");
  }

  @Test
  void withoutAPrefixKeysAreUsedAsGiven() {
    StoreUri uri = StoreUri.parse(URI.create("azure://results"), "azure", "container");

    assertThat(uri.prefix()).isEmpty();
    assertThat(uri.toString()).isEqualTo("azure://results");
    assertThat(uri.key("a/b")).isEqualTo("a/b");
    assertThatThrownBy(() -> uri.key("a/../b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void badUrisAreRejectedWithTheFormAndWithoutSecrets() {
    assertThatThrownBy(() -> StoreUri.parse(URI.create("azure://c"), "s3", "bucket"))
        .hasMessage("not an s3: URI: azure://c");
    assertThatThrownBy(() -> StoreUri.parse(URI.create("s3://k:s3cr3t@b/p"), "s3", "bucket"))
        .hasMessage("an s3: URI is s3://bucket/prefix, without user, query or fragment: s3://b/p");
    assertThatThrownBy(() -> StoreUri.parse(URI.create("s3://b/p?sig=s3cr3t"), "s3", "bucket"))
        .hasMessageNotContaining("s3cr3t");
    assertThatThrownBy(() -> StoreUri.parse(URI.create("azure:///p"), "azure", "container"))
        .hasMessage("an azure: URI names a container: azure://container/prefix: azure:///p");
    assertThatThrownBy(() -> StoreUri.parse(URI.create("s3://b/p/../x"), "s3", "bucket"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
