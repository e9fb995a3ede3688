package io.modelrunner.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StageTest {
  @Test
  void everyStageIsFoundByItsWireName() {
    for (Stage stage : Stage.values()) {
      assertThat(Stage.fromWireName(stage.wireName())).isEqualTo(stage);
    }
    assertThat(Stage.START_CALLBACK.wireName()).isEqualTo("start-callback");
  }

  @Test
  void anUnknownOrEnumStyleNameIsRefusedNamingIt() {
    assertThatThrownBy(() -> Stage.fromWireName("START_CALLBACK"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'START_CALLBACK'");
    assertThatThrownBy(() -> Stage.fromWireName(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
