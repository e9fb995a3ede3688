package io.modelrunner.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.testkit.junit.CommandProbe.Result;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommandProbeTest {
  private static final Duration ENOUGH = Duration.ofSeconds(60);

  @Test
  void aCommandThatExitsWithZeroSucceeds() {
    assertThat(CommandProbe.run(ENOUGH, "sh", "-c", "echo some output; exit 0"))
        .isEqualTo(Result.SUCCEEDED);
  }

  @Test
  void aCommandThatExitsWithAnotherCodeFailed() {
    assertThat(CommandProbe.run(ENOUGH, "sh", "-c", "exit 3")).isEqualTo(Result.FAILED);
  }

  @Test
  void aProgramThatIsNotOnThePathIsNotFound() {
    assertThat(CommandProbe.run(ENOUGH, "no-such-program-for-the-probe-test"))
        .isEqualTo(Result.NOT_FOUND);
  }

  @Test
  void aCommandStillRunningAfterTheTimeoutTimedOut() {
    assertThat(CommandProbe.run(Duration.ofMillis(200), "sleep", "600"))
        .isEqualTo(Result.TIMED_OUT);
  }

  @Test
  void anInterruptedCallerGetsInterruptedAndKeepsItsFlag() {
    Thread.currentThread().interrupt();
    try {
      assertThat(CommandProbe.run(ENOUGH, "sleep", "600")).isEqualTo(Result.INTERRUPTED);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
