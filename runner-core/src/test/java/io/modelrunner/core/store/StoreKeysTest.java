package io.modelrunner.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreKeysTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "simulation-runs/abc/public/data.json",
        "x/y.z/w-1_2",
        "été/\uD83D\uDE00.csv"
      })
  void acceptsRelativeKeys(String key) {
    assertThat(StoreKeys.requireValid(key)).isEqualTo(key);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/a",
        "a/",
        "a//b",
        "a/../b",
        "./a",
        "..",
        "a\\b",
        "a\nb",
        "a\rb",
        "a\u0085b",
        "lone\uD83D.csv"
      })
  void rejectsKeysThatCouldEscapeOrAmbiguate(String key) {
    assertThatThrownBy(() -> StoreKeys.requireValid(key))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r", "\u0085"));
  }

  @Test
  void rejectsKeysLongerThanStoresAccept() {
    String key = "simulation-runs/" + "k".repeat(StoreKeys.MAX_BYTES);
    assertThatThrownBy(() -> StoreKeys.requireValid(key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 1024 bytes");
    assertThat(StoreKeys.requireValid("k".repeat(StoreKeys.MAX_BYTES))).hasSize(1024);
  }
}
