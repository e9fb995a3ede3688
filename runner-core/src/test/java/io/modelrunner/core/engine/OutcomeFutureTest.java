package io.modelrunner.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.core.engine.ExecutionOutcome.Kind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OutcomeFutureTest {
  private static final ExecutionOutcome DONE =
      new ExecutionOutcome(Kind.SUCCEEDED, 0, Duration.ofMillis(5), "", List.of());
  private static final ExecutionOutcome CANCELLED =
      new ExecutionOutcome(Kind.CANCELLED, null, Duration.ofMillis(6), "cancelled", List.of());

  @Test
  void aWaiterGetsTheOutcomeCompletedOnAnotherThread() throws Exception {
    OutcomeFuture outcome = new OutcomeFuture("the test's completer");
    CompletableFuture<ExecutionOutcome> waiter =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return outcome.await();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    assertThat(outcome.complete(DONE)).isTrue();

    assertThat(waiter.get()).isEqualTo(DONE);
    assertThat(outcome.isDone()).isTrue();
  }

  @Test
  void aTimedAwaitIsEmptyWhileRunningAndTheFirstOutcomeStays() throws Exception {
    OutcomeFuture outcome = new OutcomeFuture("the test's completer");
    assertThat(outcome.await(Duration.ofMillis(20))).isEmpty();
    assertThat(outcome.isDone()).isFalse();

    assertThat(outcome.complete(DONE)).isTrue();
    assertThat(outcome.complete(CANCELLED)).as("a second outcome is ignored").isFalse();

    assertThat(outcome.await(Duration.ofMillis(20))).contains(DONE);
  }

  @Test
  void aCompleterThatFailedIsNamedToEveryWaiter() {
    OutcomeFuture outcome = new OutcomeFuture("the supervisor of container c0ffee");
    AssertionError cause = new AssertionError("boom");

    outcome.fail(cause);

    assertThatThrownBy(outcome::await)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the supervisor of container c0ffee failed")
        .hasCause(cause);
    assertThatThrownBy(() -> outcome.await(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasCause(cause);
  }
}
