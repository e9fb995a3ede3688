package io.modelrunner.app.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The liveness rule: live up to exactly the TTL; usable regardless unless live-only. */
class LivenessTest {
  private static final Instant SEEN = Instant.parse("2026-12-01T10:00:00Z");
  private static final Duration TTL = Duration.ofSeconds(90);

  @Test
  void anEntryIsLiveUpToExactlyTheTtl() {
    Liveness liveness = new Liveness(TTL, false);
    assertThat(liveness.isLive(SEEN, SEEN)).isTrue();
    assertThat(liveness.isLive(SEEN, SEEN.plus(TTL))).isTrue();
    assertThat(liveness.isLive(SEEN, SEEN.plus(TTL).plusMillis(1))).isFalse();
  }

  @Test
  void anEntryThatIsNotLiveIsStillUsableUnlessLiveOnly() {
    Instant late = SEEN.plus(Duration.ofDays(365));
    assertThat(new Liveness(TTL, false).isUsable(SEEN, late)).isTrue();
    assertThat(new Liveness(TTL, true).isUsable(SEEN, late)).isFalse();
    assertThat(new Liveness(TTL, true).isUsable(SEEN, SEEN.plus(TTL))).isTrue();
  }

  @Test
  void theTtlMustBePositive() {
    assertThatThrownBy(() -> new Liveness(Duration.ZERO, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> new Liveness(Duration.ofSeconds(-1), true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
