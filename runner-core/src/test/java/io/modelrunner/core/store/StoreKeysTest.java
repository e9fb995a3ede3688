package io.modelrunner.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreKeysTest {
  @ParameterizedTest
  @ValueSource(strings = {"a", "simulation-runs/abc/public/data.json", "x/y.z/w-1_2"})
  void acceptsRelativeKeys(String key) {
    assertThat(StoreKeys.requireValid(key)).isEqualTo(key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/a", "a/", "a//b", "a/../b", "./a", "..", "a\\b", "a\nb"})
  void rejectsKeysThatCouldEscapeOrAmbiguate(String key) {
    assertThatThrownBy(() -> StoreKeys.requireValid(key))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
