package io.modelrunner.app.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  private final List<String> events = new ArrayList<>();
  private final Lifecycle lifecycle = new Lifecycle();

  private Managed part(String name) {
    return Managed.of(() -> events.add("start " + name), () -> events.add("stop " + name));
  }

  @Test
  void partsStartInOrderAndStopInReverse() {
    lifecycle.adopt("store", () -> events.add("close store"));
    lifecycle.add("runs", part("runs"));
    lifecycle.add("http", part("http"));
    lifecycle.start();
    lifecycle.stop();

    assertThat(events)
        .containsExactly("start runs", "start http", "stop http", "stop runs", "close store");
  }

  @Test
  void aPartThatFailsToStartStopsThoseStartedBeforeItAndNothingAfterIt() {
    lifecycle.adopt("database", () -> events.add("close database"));
    lifecycle.add("runs", part("runs"));
    lifecycle.add(
        "http",
        Managed.of(
            () -> {
              throw new IllegalStateException("port taken");
            },
            () -> events.add("stop http")));
    lifecycle.add("drain", part("drain"));

    assertThatThrownBy(lifecycle::start).hasMessage("port taken");
    assertThat(events).containsExactly("start runs", "stop runs", "close database");
  }

  @Test
  void aPartThatFailsToStopDoesNotKeepTheOthersFromStoppingAndEveryFailureIsReported() {
    lifecycle.adopt("database", () -> events.add("close database"));
    lifecycle.adopt(
        "store",
        () -> {
          throw new IllegalStateException("store stuck");
        });
    lifecycle.add(
        "runs",
        Managed.of(
            () -> events.add("start runs"),
            () -> {
              throw new IllegalStateException("runs stuck");
            }));
    lifecycle.start();

    assertThatThrownBy(lifecycle::stop)
        .isInstanceOf(LifecycleException.class)
        .hasMessage("2 part(s) failed to stop")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .extracting(Throwable::getMessage)
                    .containsExactly("runs stuck", "store stuck"));
    assertThat(events).containsExactly("start runs", "close database");
  }

  @Test
  void stoppingTwiceStopsOnce() {
    lifecycle.add("runs", part("runs"));
    lifecycle.start();
    lifecycle.stop();
    lifecycle.stop();

    assertThat(events).containsExactly("start runs", "stop runs");
  }

  @Test
  void anAbortedWiringStopsWhatWasOpenedAndKeepsTheCauseWithTheStopFailures() {
    lifecycle.adopt("database", () -> events.add("close database"));
    lifecycle.adopt(
        "store",
        () -> {
          throw new IllegalStateException("store stuck");
        });
    RuntimeException cause = new IllegalArgumentException("models.catalog: no such file");

    lifecycle.abort(cause);

    assertThat(events).containsExactly("close database");
    assertThat(cause.getSuppressed())
        .extracting(Throwable::getMessage)
        .containsExactly("store stuck");
  }
}
