package io.modelrunner.core.engine.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {
  @ParameterizedTest
  @CsvSource({
    "busybox, docker.io, busybox:latest",
    "library/busybox:1, docker.io, library/busybox:1",
    "ghcr.io/org/model:2.0, ghcr.io, ghcr.io/org/model:2.0",
    "localhost:5000/model, localhost:5000, localhost:5000/model:latest",
    "localhost/model@sha256:abc, localhost, localhost/model@sha256:abc",
    "registry.example.org:5000/a/b, registry.example.org:5000, registry.example.org:5000/a/b:latest"
  })
  void findsTheRegistryAndAlwaysPullsOneTag(String reference, String registry, String pullable) {
    ImageReference image = ImageReference.parse(reference);
    assertThat(image.registry()).isEqualTo(registry);
    assertThat(image.pullable()).isEqualTo(pullable);
  }
}
