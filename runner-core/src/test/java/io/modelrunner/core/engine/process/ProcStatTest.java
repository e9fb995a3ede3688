package io.modelrunner.core.engine.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatTest {
  @Test
  void parsesTheFieldsAfterTheLastParenthesisOfTheCommandName() {
    String line =
        "4242 (a) (weird cmd)) S 1 4240 4240 0 -1 4194560 150 0 0 0 1 2 0 0 20 0 1 0 987654"
            + " 2580480 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    assertThat(ProcStat.parse(line)).contains(new ProcStat(4242, 'S', 4240, 4240, 987654));
  }

  @Test
  void aZombieIsNotRunningAndGarbageIsNothing() {
    String zombie = "7 (sleep) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 55 0 0";
    assertThat(ProcStat.parse(zombie)).get().satisfies(s -> assertThat(s.running()).isFalse());
    assertThat(ProcStat.parse("")).isEmpty();
    assertThat(ProcStat.parse("12 (x) S 1 2")).isEmpty();
    assertThat(ProcStat.parse("x (y) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20"))
        .isEmpty();
  }

  @Test
  void readsThisJvm() {
    if (!ProcStat.available()) {
      return;
    }
    long self = ProcessHandle.current().pid();
    assertThat(ProcStat.of(self))
        .get()
        .satisfies(
            s -> {
              assertThat(s.pid()).isEqualTo(self);
              assertThat(s.running()).isTrue();
              assertThat(s.startTicks()).isPositive();
            });
    assertThat(ProcStat.bootId()).isNotEmpty();
  }
}
