package io.modelrunner.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.core.pipeline.FailureReason.Kind;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancellationTest {
  @Test
  void noReasonUntilCancelled() {
    var cancellation = Cancellation.none();
    assertThat(cancellation.isCancelled()).isFalse();
    assertThat(cancellation.reason()).isEmpty();
  }

  @Test
  void plainCancelGivesTheCancelledReason() {
    var cancellation = Cancellation.none();
    cancellation.cancel();

    assertThat(cancellation.isCancelled()).isTrue();
    assertThat(cancellation.reason())
        .contains(FailureReason.of(Kind.CANCELLED, "the run was cancelled"));
  }

  @Test
  void theFirstReasonWinsAndActionsRunOnce() {
    var cancellation = Cancellation.none();
    AtomicInteger runs = new AtomicInteger();
    cancellation.onCancel(runs::incrementAndGet);
    var timeout =
        FailureReason.of(Kind.TIMEOUT, "the run exceeded its deadline of 10m in stage execute");

    cancellation.cancel(timeout);
    cancellation.cancel();
    cancellation.cancel(FailureReason.of(Kind.PLATFORM_ERROR, "later"));

    assertThat(cancellation.reason()).contains(timeout);
    assertThat(runs).hasValue(1);
  }

  @Test
  void anActionRegisteredAfterTheCancelRunsAtOnce() {
    var cancellation = Cancellation.none();
    cancellation.cancel();
    AtomicInteger runs = new AtomicInteger();
    cancellation.onCancel(runs::incrementAndGet).close();
    assertThat(runs).hasValue(1);
  }
}
