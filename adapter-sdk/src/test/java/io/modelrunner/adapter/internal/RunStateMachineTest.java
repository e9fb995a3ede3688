package io.modelrunner.adapter.internal;

import static io.modelrunner.api.adapter.ModelRunState.ACCEPTED;
import static io.modelrunner.api.adapter.ModelRunState.ERROR;
import static io.modelrunner.api.adapter.ModelRunState.PENDING;
import static io.modelrunner.api.adapter.ModelRunState.QUEUED;
import static io.modelrunner.api.adapter.ModelRunState.READY;
import static io.modelrunner.api.adapter.ModelRunState.RUNNING;
import static io.modelrunner.api.adapter.ModelRunState.SUCCEEDED;
import static io.modelrunner.api.adapter.ModelRunState.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.api.adapter.ModelRunState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RunStateMachineTest {

  /** A shortest path from a fresh machine to each state. */
  private static final Map<ModelRunState, List<ModelRunState>> PATHS = paths();

  private static Map<ModelRunState, List<ModelRunState>> paths() {
    Map<ModelRunState, List<ModelRunState>> p = new EnumMap<>(ModelRunState.class);
    p.put(UNKNOWN, List.of());
    p.put(PENDING, List.of(PENDING));
    p.put(ACCEPTED, List.of(ACCEPTED));
    p.put(READY, List.of(ACCEPTED, READY));
    p.put(QUEUED, List.of(ACCEPTED, READY, QUEUED));
    p.put(RUNNING, List.of(ACCEPTED, READY, RUNNING));
    p.put(SUCCEEDED, List.of(ACCEPTED, READY, RUNNING, SUCCEEDED));
    p.put(ERROR, List.of(ACCEPTED, ERROR));
    return p;
  }

  private static RunStateMachine machineIn(ModelRunState state) {
    RunStateMachine m = new RunStateMachine("run-1", RunStateMachine.Listener.NONE);
    PATHS.get(state).forEach(m::transitionTo);
    assertThat(m.state()).isEqualTo(state);
    return m;
  }

  @Test
  void everyPairOfStatesIsAllowedExactlyWhenTheTableSaysSo() {
    int checked = 0;
    for (ModelRunState from : ModelRunState.values()) {
      for (ModelRunState to : ModelRunState.values()) {
        RunStateMachine m = machineIn(from);
        if (RunStateMachine.isAllowed(from, to)) {
          m.transitionTo(to);
          assertThat(m.state()).as("%s -> %s", from, to).isEqualTo(to);
        } else {
          assertThatThrownBy(() -> m.transitionTo(to))
              .as("%s -> %s", from, to)
              .isInstanceOf(IllegalTransitionException.class)
              .hasMessageContaining(from + " -> " + to);
          assertThat(m.state()).isEqualTo(from);
        }
        checked++;
      }
    }
    assertThat(checked).isEqualTo(64);
  }

  @Test
  void theTableIsExactlyTheDocumentedLifecycle() {
    assertThat(RunStateMachine.ALLOWED.get(UNKNOWN)).containsExactlyInAnyOrder(ACCEPTED, PENDING);
    assertThat(RunStateMachine.ALLOWED.get(PENDING)).containsExactlyInAnyOrder(ACCEPTED, UNKNOWN);
    assertThat(RunStateMachine.ALLOWED.get(ACCEPTED))
        .containsExactlyInAnyOrder(READY, ERROR, UNKNOWN);
    assertThat(RunStateMachine.ALLOWED.get(READY))
        .containsExactlyInAnyOrder(RUNNING, QUEUED, UNKNOWN);
    assertThat(RunStateMachine.ALLOWED.get(QUEUED)).containsExactlyInAnyOrder(RUNNING, UNKNOWN);
    assertThat(RunStateMachine.ALLOWED.get(RUNNING))
        .containsExactlyInAnyOrder(SUCCEEDED, ERROR, UNKNOWN);
    assertThat(RunStateMachine.ALLOWED.get(SUCCEEDED)).containsExactly(UNKNOWN);
    assertThat(RunStateMachine.ALLOWED.get(ERROR)).containsExactly(UNKNOWN);
  }

  @ParameterizedTest
  @EnumSource(ModelRunState.class)
  void removeIsPossibleFromEveryTrackedStateAndRetiresTheMachine(ModelRunState state) {
    if (state == UNKNOWN) {
      return;
    }
    RunStateMachine m = machineIn(state);
    m.transitionTo(UNKNOWN);
    assertThat(m.isRetired()).isTrue();
    for (ModelRunState to : ModelRunState.values()) {
      assertThatThrownBy(() -> m.transitionTo(to))
          .isInstanceOf(IllegalTransitionException.class)
          .hasMessageContaining("already removed");
    }
  }

  @Test
  void finalStatesLeadOnlyToRemoval() {
    for (ModelRunState s : ModelRunState.values()) {
      if (s.isFinal()) {
        assertThat(RunStateMachine.ALLOWED.get(s)).containsExactly(UNKNOWN);
      }
    }
  }

  @Test
  void compareAndTransitionMovesOnlyFromTheExpectedState() {
    RunStateMachine m = machineIn(READY);
    assertThat(m.compareAndTransition(ACCEPTED, ERROR)).isFalse();
    assertThat(m.state()).isEqualTo(READY);
    assertThat(m.compareAndTransition(READY, RUNNING)).isTrue();
    assertThat(m.state()).isEqualTo(RUNNING);
  }

  @Test
  void theListenerSeesEveryTransitionInOrder() {
    List<String> seen = new ArrayList<>();
    RunStateMachine m = new RunStateMachine("r", (id, from, to) -> seen.add(from + ">" + to));
    m.transitionTo(ACCEPTED);
    m.transitionTo(READY);
    m.transitionTo(UNKNOWN);
    assertThat(seen).containsExactly("UNKNOWN>ACCEPTED", "ACCEPTED>READY", "READY>UNKNOWN");
  }

  @Test
  void concurrentCompetingTransitionsLetExactlyOneWinAndNeverBreakTheTable() throws Exception {
    long seed = Long.getLong("test.seed", System.nanoTime());
    System.out.println(
        "RunStateMachineTest seed: " + seed + " (rerun with -Dtest.seed=" + seed + ")");
    Random random = new Random(seed);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 300; round++) {
        List<ModelRunState> observed = new ArrayList<>();
        RunStateMachine m =
            new RunStateMachine(
                "r" + round,
                (id, from, to) -> {
                  assertThat(RunStateMachine.isAllowed(from, to)).isTrue();
                  observed.add(to);
                });
        m.transitionTo(ACCEPTED);
        m.transitionTo(READY);
        m.transitionTo(RUNNING);
        // Completion, failure and removal race; exactly one of SUCCEEDED/ERROR may precede removal.
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger wins = new AtomicInteger();
        List<ModelRunState> contenders = new ArrayList<>(List.of(SUCCEEDED, ERROR, UNKNOWN));
        java.util.Collections.shuffle(contenders, random);
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (ModelRunState target : contenders) {
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    if (m.compareAndTransition(RUNNING, target)) {
                      wins.incrementAndGet();
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (var f : futures) {
          f.get(10, TimeUnit.SECONDS);
        }
        assertThat(wins.get()).isEqualTo(1);
        ModelRunState end = m.state();
        assertThat(end == UNKNOWN || end.isFinal()).isTrue();
        if (end != UNKNOWN) {
          m.transitionTo(UNKNOWN);
        }
        assertThat(m.isRetired()).isTrue();
        synchronized (observed) {
          assertThat(observed.get(observed.size() - 1)).isEqualTo(UNKNOWN);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
