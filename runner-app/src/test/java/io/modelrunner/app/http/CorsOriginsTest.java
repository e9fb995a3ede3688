package io.modelrunner.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CorsOriginsTest {
  @Test
  void originsAreKeptAsBrowsersSendThem() {
    CorsOrigins origins =
        CorsOrigins.parse(
            List.of("HTTPS://App.Example.org/", "http://localhost:5173", "https://x.org:443"));
    assertThat(origins.allows("https://app.example.org")).isTrue();
    assertThat(origins.allows("http://localhost:5173")).isTrue();
    assertThat(origins.allows("https://x.org")).isTrue();
    assertThat(origins.allows("http://app.example.org")).isFalse();
    assertThat(origins.allows("https://app.example.org.evil.net")).isFalse();
    assertThat(origins.allows("null")).isFalse();
    assertThat(origins.allows(null)).isFalse();
  }

  @Test
  void noneAllowsNothing() {
    assertThat(CorsOrigins.parse(List.of()).isEmpty()).isTrue();
    assertThat(CorsOrigins.none().allows("https://app.example.org")).isFalse();
  }

  @Test
  void aWildcardIsRefusedSayingWhy() {
    assertThatThrownBy(() -> CorsOrigins.parse(List.of("*")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("registry.trusted-networks");
  }

  @Test
  void anythingButSchemeHostAndPortIsRefused() {
    for (String bad :
        List.of(
            "app.example.org",
            "ftp://app.example.org",
            "https://app.example.org/path",
            "https://app.example.org?x=1",
            "https://user@app.example.org",
            "https://")) {
      assertThatThrownBy(() -> CorsOrigins.parse(List.of(bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("scheme://host[:port]");
    }
  }
}
