package io.modelrunner.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void medianOfAnOddCountIsTheMiddleValue() {
    Summary s = Stats.summarize(5, 1, 3);
    assertThat(s.median()).isEqualTo(3);
    assertThat(s.min()).isEqualTo(1);
    assertThat(s.max()).isEqualTo(5);
    assertThat(s.n()).isEqualTo(3);
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
    assertThat(Stats.summarize(List.of(4, 1, 3, 2)).median()).isEqualTo(2.5);
  }

  @Test
  void quartilesInterpolateLinearlyBetweenRanks() {
    Summary s = Stats.summarize(1, 2, 3, 4, 5);
    assertThat(s.p25()).isEqualTo(2);
    assertThat(s.p75()).isEqualTo(4);
    assertThat(Stats.interpolated(new double[] {10, 20}, 0.25)).isCloseTo(12.5, within(1e-12));
  }

  @Test
  void oneValueHasNoSpread() {
    Summary s = Stats.summarize(7);
    assertThat(s).isEqualTo(new Summary(7, 7, 7, 7, 7, 1));
    assertThat(Summary.single(7)).isEqualTo(s);
  }

  @Test
  void nearestRankPercentileIsAValueThatOccurred() {
    long[] sorted = new long[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1; // 1..100
    }
    assertThat(Stats.nearestRank(sorted, 0.99)).isEqualTo(99);
    assertThat(Stats.nearestRank(sorted, 0.50)).isEqualTo(50);
    assertThat(Stats.nearestRank(sorted, 1.0)).isEqualTo(100);
    assertThat(Stats.nearestRank(sorted, 0.0)).isEqualTo(1);
    assertThat(Stats.nearestRank(new long[] {42}, 0.99)).isEqualTo(42);
  }

  @Test
  void rejectsEmptyInputAndBadQuantiles() {
    assertThatThrownBy(() -> Stats.summarize(new double[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.nearestRank(new long[0], 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.nearestRank(new long[] {1}, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void summarizingDoesNotReorderTheCallersArray() {
    double[] values = {3, 1, 2};
    Stats.summarize(values);
    assertThat(values).containsExactly(3, 1, 2);
  }
}
