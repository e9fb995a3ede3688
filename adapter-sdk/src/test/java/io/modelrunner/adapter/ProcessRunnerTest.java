package io.modelrunner.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {
  @TempDir Path dir;
  private final ProcessRunner runner = new ProcessRunner();

  @BeforeAll
  static void needsAPosixShell() {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
  }

  @Test
  void capturesStdoutAndStderrAndTheExitCode() throws Exception {
    Path log = dir.resolve("logs/model.log");
    ProcessResult r =
        runner.run(
            new ProcessSpec(
                List.of("/bin/sh", "-c", "echo out; echo err >&2; echo $GREETING; exit 3"),
                dir,
                java.util.Map.of("GREETING", "hello"),
                Duration.ofSeconds(30),
                log));
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.succeeded()).isFalse();
    assertThat(Files.readString(log)).contains("out", "err", "hello");
    assertThat(r.logTail(6)).isEqualTo("hello\n");
  }

  @Test
  void killsTheProcessTreeAtTheDeadline() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    assertThatThrownBy(
            () ->
                runner.run(
                    ProcessSpec.of(
                        List.of("/bin/sh", "-c", "sleep 60 & echo $! > " + pidFile + "; wait"),
                        Duration.ofMillis(500),
                        dir.resolve("log"))))
        .isInstanceOf(ProcessTimeoutException.class)
        .hasMessageContaining("did not finish within");
    assertChildDies(pidFile);
  }

  @Test
  void anInterruptKillsTheProcessTreeAndPropagates() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                runner.run(
                    ProcessSpec.of(
                        List.of("/bin/sh", "-c", "sleep 60 & echo $! > " + pidFile + "; wait"),
                        Duration.ofMinutes(5),
                        dir.resolve("log")));
              } catch (Throwable e) {
                thrown.set(e);
              }
            });
    t.start();
    assertThat(AdapterLifecycleIT.waitFor(() -> Files.exists(pidFile) && size(pidFile) > 0))
        .isTrue();
    t.interrupt();
    t.join(TimeUnit.SECONDS.toMillis(20));
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertChildDies(pidFile);
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  private static void assertChildDies(Path pidFile) throws Exception {
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    CompletableFuture<Boolean> dead =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return AdapterLifecycleIT.waitFor(
                    () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
              } catch (InterruptedException e) {
                return false;
              }
            });
    assertThat(dead.get(30, TimeUnit.SECONDS)).as("child %d killed", pid).isTrue();
  }
}
