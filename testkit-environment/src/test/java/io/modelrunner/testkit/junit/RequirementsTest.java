package io.modelrunner.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class RequirementsTest {
  @Test
  void aMissingRequirementSkipsWhenItsVariableIsUnset() {
    RuntimeException unmet =
        Requirements.of(Map.of()).unmet(Requirement.SERVER, "azurite is not installed");

    assertThat(unmet)
        .isInstanceOf(TestAbortedException.class)
        .hasMessage("Skipped: azurite is not installed");
  }

  @Test
  void aMissingRequirementFailsNamingTheVariableWhenItIsTrueInAnyCase() {
    Requirements requirements = Requirements.of(Map.of("MODEL_RUNNER_REQUIRE_DOCKER", "TRUE"));

    RuntimeException unmet = requirements.unmet(Requirement.DOCKER, "no Docker engine answers");

    assertThat(unmet)
        .isNotInstanceOf(TestAbortedException.class)
        .hasMessage("no Docker engine answers (MODEL_RUNNER_REQUIRE_DOCKER=true requires it)");
  }

  @Test
  void eachKindHasItsOwnVariable() {
    Requirements requirements = Requirements.of(Map.of("MODEL_RUNNER_REQUIRE_SERVERS", "true"));

    assertThat(requirements.required(Requirement.SERVER)).isTrue();
    assertThat(requirements.required(Requirement.DOCKER)).isFalse();
    assertThat(requirements.unmet(Requirement.DOCKER, "x"))
        .isInstanceOf(TestAbortedException.class);
  }

  @Test
  void onlyTrueRequires() {
    for (String value : new String[] {"false", "1", "yes", ""}) {
      assertThat(
              Requirements.of(Map.of("MODEL_RUNNER_REQUIRE_SERVERS", value))
                  .required(Requirement.SERVER))
          .as(value)
          .isFalse();
    }
  }

  @Test
  void requireThrowsOnlyWhenTheThingIsUnavailable() {
    Requirements requirements = Requirements.of(Map.of("MODEL_RUNNER_REQUIRE_SERVERS", "true"));

    assertThatCode(() -> requirements.require(Requirement.SERVER, true, "flask"))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> requirements.require(Requirement.SERVER, false, "no flask"))
        .isInstanceOf(RuntimeException.class)
        .isNotInstanceOf(TestAbortedException.class)
        .hasMessageStartingWith("no flask");
  }
}
