package io.modelrunner.adapter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryEndpointTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://reg:9200",
        "http://reg:9200/",
        "http://reg:9200/registry",
        // what the deployed adapters are given (MultiModelling/Adapter-ETM-Price-Profile
        // .env.docker: REGISTRY_ENDPOINT=http://mmvib-registry:9200/registry/)
        "http://reg:9200/registry/",
        "http://reg:9200/registry//"
      })
  void theBaseUrlAndTheCollectionUrlNameTheSameCollection(String configured) {
    RegistryEndpoint e = RegistryEndpoint.of(URI.create(configured));
    assertThat(e.collection()).isEqualTo(URI.create("http://reg:9200/registry/"));
  }

  @Test
  void aRegistryBehindAPathPrefixKeepsItsPrefix() {
    assertThat(RegistryEndpoint.of(URI.create("https://gw.example/mmvib")).collection())
        .isEqualTo(URI.create("https://gw.example/mmvib/registry/"));
    assertThat(RegistryEndpoint.of(URI.create("https://gw.example/mmvib/registry/")).collection())
        .isEqualTo(URI.create("https://gw.example/mmvib/registry/"));
  }

  @Test
  void entriesAreBelowTheCollection() {
    RegistryEndpoint e = RegistryEndpoint.of(URI.create("http://reg:9200/registry/"));
    assertThat(e.entry("0b6f6d7e-9a51-4a8e-8f61-1c2d3e4f5a6b"))
        .isEqualTo(URI.create("http://reg:9200/registry/0b6f6d7e-9a51-4a8e-8f61-1c2d3e4f5a6b"));
    assertThat(e.entry("42")).isEqualTo(URI.create("http://reg:9200/registry/42"));
    assertThat(e.entry("a/b c")).isEqualTo(URI.create("http://reg:9200/registry/a%2Fb%20c"));
  }

  @Test
  void aRelativeOrDecoratedEndpointIsRefusedWithItsValue() {
    assertThatThrownBy(() -> RegistryEndpoint.of(URI.create("registry:9200")))
        .hasMessageContaining("'registry:9200'");
    assertThatThrownBy(() -> RegistryEndpoint.of(URI.create("http://reg:9200/registry/?x=1")))
        .hasMessageContaining("query");
  }
}
