package io.modelrunner.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {
  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void aRunsKeysLastUntilItsScopeClosesAndWhatWasThereComesBack() {
    MDC.put("node", "n-1");
    MDC.put(LogContext.RUN_ID, "outer");
    try (LogContext.Scope scope = LogContext.forRun("mr-1", "seir", null)) {
      assertThat(MDC.get(LogContext.RUN_ID)).isEqualTo("mr-1");
      assertThat(MDC.get(LogContext.MODEL)).isEqualTo("seir");
      assertThat(MDC.get(LogContext.REQUEST_ID)).isNull();
      assertThat(MDC.get("node")).isEqualTo("n-1");
    }
    assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("node", "n-1", "runId", "outer"));
  }

  @Test
  void workHandedToAnotherThreadTakesTheRunAlongAndLeavesNothingBehind() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      AtomicReference<Map<String, String>> inside = new AtomicReference<>();
      try (LogContext.Scope scope = LogContext.forRun("mr-2", "energy", "req-9")) {
        LogContext.carrying(pool).execute(() -> inside.set(MDC.getCopyOfContextMap()));
      }
      AtomicReference<Map<String, String>> after = new AtomicReference<>(Map.of("x", "y"));
      pool.execute(() -> after.set(MDC.getCopyOfContextMap()));
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      assertThat(inside.get())
          .isEqualTo(Map.of("runId", "mr-2", "model", "energy", "requestId", "req-9"));
      assertThat(after.get() == null || after.get().isEmpty()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aThreadStartedForARunKeepsItsKeys() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    Thread thread;
    try (LogContext.Scope scope = LogContext.forRun("mr-3", "m", "r")) {
      thread = new Thread(LogContext.carried(() -> seen.set(MDC.get(LogContext.RUN_ID))));
    }
    thread.start();
    thread.join(10_000);
    assertThat(seen.get()).isEqualTo("mr-3");
  }
}
